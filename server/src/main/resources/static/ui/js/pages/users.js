// Users and API keys (admins): create users, change a role, (de)activate; create an API key (shown once), revoke.
import { api } from '../api.js';
import { h, fmtTime, fmtAgo, confirmTyped, showError, busy } from '../dom.js';
import { hasRole } from '../session.js';
import {
  problemText, field, input, select, dataTable, setChildren,
} from './_kit.js';

const ROLES = ['viewer', 'operator', 'admin'];

export default {
  title: 'Users',
  render(root) {
    if (!hasRole('admin')) {
      root.append(h('section', {}, h('h1', {}, 'Users'),
        h('p', { class: 'error' }, 'Only admins manage users and API keys.')));
      return undefined;
    }
    const listBox = h('div', { dataset: { testid: 'user-list' } });
    const listError = h('p', { class: 'error', hidden: true });
    const keysBox = h('div', { dataset: { testid: 'api-keys' } });
    root.append(h('section', {},
      h('h1', {}, 'Users & API keys'),
      createCard(() => load()),
      h('div', { class: 'card' }, h('h2', {}, 'Users'), listError, listBox),
      keysBox));

    async function load() {
      let users;
      try {
        users = await api('GET', '/api/v1/users');
        listError.hidden = true;
      } catch (err) {
        listError.textContent = problemText(err);
        listError.hidden = false;
        return;
      }
      setChildren(listBox, dataTable([
        { label: 'User', cell: u => h('span', {}, h('strong', {}, u.username), u.full_name ? ` · ${u.full_name}` : '',
          h('br'), h('small', { class: 'muted' }, u.email || '')) },
        { label: 'Role', cell: u => roleControl(u) },
        { label: 'Status', cell: u => activeControl(u) },
        { label: 'Last sign-in', cell: u => (u.last_login ? h('span', { title: fmtTime(u.last_login) },
          fmtAgo(u.last_login)) : 'never') },
        { label: 'Created', cell: u => fmtTime(u.created_at) },
        { label: '', cell: u => h('button', { type: 'button', class: 'btn', dataset: { testid: `user-keys-${u.id}` },
          onclick: () => showKeys(keysBox, u) }, 'API keys') },
      ], users, u => ({ dataset: { testid: `user-row-${u.username}` } })));
    }

    function roleControl(u) {
      const err = h('span', { class: 'field-error', hidden: true });
      const sel = select('role', ROLES, u.role, { 'aria-label': `role of ${u.username}`,
        dataset: { testid: `user-role-${u.username}` } });
      sel.onchange = async () => {
        err.hidden = true;
        sel.disabled = true;
        try {
          await api('PATCH', `/api/v1/users/${u.id}`, { role: sel.value });
          u.role = sel.value;
        } catch (e) {
          sel.value = u.role;
          err.textContent = problemText(e);
          err.hidden = false;
        } finally {
          sel.disabled = false;
        }
      };
      return h('span', {}, sel, err);
    }

    function activeControl(u) {
      const err = h('span', { class: 'field-error', hidden: true });
      const btn = h('button', { type: 'button', class: `btn${u.is_active ? ' danger' : ''}`,
        dataset: { testid: `user-active-${u.username}` } }, u.is_active ? 'Deactivate' : 'Activate');
      btn.onclick = () => busy(btn, async () => {
        err.hidden = true;
        try {
          await api('PATCH', `/api/v1/users/${u.id}`, { is_active: !u.is_active });
          await load();
        } catch (e) {
          err.textContent = problemText(e);
          err.hidden = false;
        }
      });
      return h('span', {}, h('span', { class: `badge ${u.is_active ? 'state-running' : 'state-stopped'}` },
        u.is_active ? 'active' : 'inactive'), ' ', btn, err);
    }

    load();
    return undefined;
  },
};

function createCard(created) {
  const submit = h('button', { type: 'submit', class: 'btn primary', dataset: { testid: 'user-create' } },
    'Create user');
  const done = h('p', { class: 'ok', 'aria-live': 'polite', dataset: { testid: 'user-created' } });
  const form = h('form', { class: 'form-grid', noValidate: true, dataset: { testid: 'user-form' } },
    field('Username', input('username', { autocomplete: 'off', required: true })),
    field('Email', input('email', { type: 'email', autocomplete: 'off' })),
    field('Full name', input('full_name', { autocomplete: 'off' })),
    field('Password', input('password', { type: 'password', autocomplete: 'new-password', required: true })),
    field('Role', select('role', ROLES, 'viewer')),
    h('div', { class: 'row' }, submit), done);
  form.onsubmit = ev => {
    ev.preventDefault();
    busy(submit, async () => {
      showError(form, null);
      done.textContent = '';
      const v = name => form.elements[name].value.trim();
      try {
        const u = await api('POST', '/api/v1/users', { username: v('username'), email: v('email') || null,
          full_name: v('full_name') || null, password: form.elements.password.value, role: v('role') });
        form.reset();
        done.textContent = `Created ${u.username} (${u.role}).`;
        created();
      } catch (err) {
        showError(form, err);
      }
    });
  };
  return h('div', { class: 'card' }, h('h2', {}, 'New user'), form);
}

/** One user's API keys: list, create (the key is shown once, here, and never again), revoke. */
async function showKeys(box, user) {
  const listBox = h('div', {});
  const once = h('div', { dataset: { testid: 'api-key-once' } });
  const submit = h('button', { type: 'submit', class: 'btn primary', dataset: { testid: 'api-key-create' } },
    'Create key');
  const form = h('form', { class: 'row', noValidate: true },
    field('Key name', input('name', { placeholder: 'e.g. grafana', autocomplete: 'off' })), submit);
  setChildren(box, h('div', { class: 'card' }, h('h2', {}, `API keys of ${user.username}`), form, once, listBox));
  box.scrollIntoView({ block: 'nearest' });

  async function load() {
    try {
      const keys = await api('GET', `/api/v1/users/${user.id}/api-keys`);
      setChildren(listBox, dataTable([
        { label: 'Name', cell: k => k.name },
        { label: 'Prefix', cell: k => h('code', {}, k.prefix) },
        { label: 'Created', cell: k => fmtTime(k.created_at) },
        { label: 'Last used', cell: k => (k.last_used_at ? fmtAgo(k.last_used_at) : 'never') },
        { label: 'Status', cell: k => (k.revoked_at ? `revoked ${fmtTime(k.revoked_at)}` : 'active') },
        { label: '', cell: k => (k.revoked_at ? '' : revokeButton(k)) },
      ], keys, k => ({ dataset: { testid: `api-key-row-${k.id}` } }), 'No API keys.'));
    } catch (err) {
      setChildren(listBox, h('p', { class: 'error' }, problemText(err)));
    }
  }

  function revokeButton(k) {
    const err = h('span', { class: 'field-error', hidden: true });
    const btn = h('button', { type: 'button', class: 'btn danger', dataset: { testid: `api-key-revoke-${k.id}` } },
      'Revoke');
    btn.onclick = async () => {
      if (!(await confirmTyped(k.name))) return;
      await busy(btn, async () => {
        try {
          await api('DELETE', `/api/v1/users/${user.id}/api-keys/${k.id}`);
          await load();
        } catch (e) {
          err.textContent = problemText(e);
          err.hidden = false;
        }
      });
    };
    return h('span', {}, btn, err);
  }

  form.onsubmit = ev => {
    ev.preventDefault();
    busy(submit, async () => {
      showError(form, null);
      try {
        const created = await api('POST', `/api/v1/users/${user.id}/api-keys`, { name: form.elements.name.value.trim() });
        form.reset();
        const key = h('input', { type: 'text', readOnly: true, value: created.key, class: 'secret',
          'aria-label': 'new API key', dataset: { testid: 'api-key-value' } });
        const copy = h('button', { type: 'button', class: 'btn' }, 'Copy');
        copy.onclick = async () => {
          key.select();
          try {
            await navigator.clipboard.writeText(created.key);
            copy.textContent = 'Copied';
          } catch {
            copy.textContent = 'Select and copy it';
          }
        };
        setChildren(once, h('div', { class: 'notice', role: 'status' },
          h('p', {}, h('strong', {}, `Key “${created.name}” — copy it now: it is not shown again.`)),
          h('div', { class: 'row' }, key, copy),
          h('button', { type: 'button', class: 'btn', onclick: () => setChildren(once) }, 'Done, hide it')));
        await load();
      } catch (err) {
        showError(form, err);
      }
    });
  };
  load();
}
