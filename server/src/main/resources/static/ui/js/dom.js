// Small DOM helpers shared by every page: element building, formatting, errors, confirmation, progress, tables.

/**
 * h('button', {class: 'btn', 'on:click': fn, dataset: {testid: 'x'}, disabled: true}, 'Text', childNode, [more])
 * attrs: 'class', 'style' is not allowed (CSP), 'on:event' or onclick-style function props, 'dataset', 'data-*'
 * and 'aria-*' as attributes, anything else as a property (value, checked, disabled, type, href...).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false && !key.startsWith('aria-')) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on:')) el.addEventListener(key.slice(3), value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role' || key === 'for' || key === 'scope') {
      el.setAttribute(key, value === true ? '' : String(value));
    } else el[key] = value;
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

const FIAT = new Set(['USD', 'USDT', 'USDC', 'BUSD', 'EUR', 'GBP', 'TUSD', 'DAI', 'FDUSD', 'JPY', 'CHF']);

/** An amount in its own currency ("12.35 USDT", "0.00120000 BTC"); never converted, never summed across. */
export function fmtMoney(value, currency) {
  if (value === null || value === undefined || value === '' || Number.isNaN(Number(value))) return '–';
  const cur = (currency || '').toUpperCase();
  const digits = !cur || FIAT.has(cur) ? 2 : 8;
  const n = Number(value).toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return cur ? `${n} ${cur}` : n;
}

export function fmtPct(value) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '–';
  return `${Number(value).toFixed(2)} %`;
}

export function fmtTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

export function fmtAgo(iso) {
  if (!iso) return 'never';
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (Number.isNaN(s)) return String(iso);
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

const CONTROLS = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON']);

/**
 * Shows err's ProblemDetail detail next to what caused it; showError(el, null) clears it. For a control (input,
 * button...) the message goes right after it; for a container, at its end. When the problem names fields and the
 * container holds controls with those names, each field's message goes next to its control.
 */
export function showError(el, err) {
  if (!el) return;
  const host = CONTROLS.has(el.tagName) ? el.parentElement : el;
  const own = CONTROLS.has(el.tagName) ? el.nextElementSibling : [...el.children].find(c => c.matches?.('.error[data-own]'));
  if (own && own.matches('.error[data-own]')) own.remove();
  if (!CONTROLS.has(el.tagName)) {
    el.querySelectorAll('.field-error[data-own]').forEach(n => n.remove());
    el.querySelectorAll('[aria-invalid="true"]').forEach(n => n.removeAttribute('aria-invalid'));
  }
  if (!err) return;
  const unplaced = [];
  for (const fe of err.errors || []) {
    const control = !CONTROLS.has(el.tagName) && fe.field ? findControl(el, fe.field) : null;
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      control.after(h('div', { class: 'field-error', 'data-own': true, 'data-testid': `error-${fe.field}`, role: 'alert' },
        fe.message));
    } else unplaced.push(fe.field ? `${fe.field}: ${fe.message}` : fe.message);
  }
  const message = h('div', { class: 'error', 'data-own': true, 'data-testid': 'error', role: 'alert' },
    err.detail || err.message || String(err));
  if (unplaced.length) message.append(h('ul', {}, unplaced.map(u => h('li', {}, u))));
  if (CONTROLS.has(el.tagName)) el.after(message); else host.append(message);
}

function findControl(root, field) {
  const escaped = CSS.escape(field);
  return root.querySelector(`[name="${escaped}"]`)
    || root.querySelector(`[data-field="${escaped}"]`)
    || root.querySelector(`[name="${CSS.escape(field.split('.').pop())}"]`);
}

/**
 * A modal asking to type `text` exactly before confirming; resolves true when confirmed, false when cancelled.
 * Test ids: confirm-input, confirm-ok, confirm-cancel.
 */
export function confirmTyped(text, message) {
  return new Promise(resolve => {
    const input = h('input', { class: 'input', autocomplete: 'off', 'data-testid': 'confirm-input', 'aria-label': 'confirmation' });
    const ok = h('button', { class: 'btn danger', type: 'submit', disabled: true, 'data-testid': 'confirm-ok' }, 'Confirm');
    const cancel = h('button', { class: 'btn', type: 'button', 'data-testid': 'confirm-cancel' }, 'Cancel');
    const form = h('form', { method: 'dialog' },
      h('p', {}, message || 'This cannot be undone.'),
      h('p', {}, 'Type ', h('strong', { class: 'mono' }, text), ' to confirm.'),
      h('div', { class: 'field' }, input),
      h('div', { class: 'row' }, ok, cancel));
    const dialog = h('dialog', { 'data-testid': 'confirm-dialog' }, form);
    let result = false;
    input.addEventListener('input', () => { ok.disabled = input.value !== text; });
    form.addEventListener('submit', e => {
      e.preventDefault();
      if (input.value !== text) return;
      result = true;
      dialog.close();
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => { dialog.remove(); resolve(result); });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}

/**
 * Renders or updates a progress bar inside el: fraction 0..1, or null for "working, amount unknown".
 * Returns the bar element.
 */
export function progress(el, fraction, label) {
  let bar = el.querySelector(':scope > .progress');
  if (!bar) {
    bar = h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100',
      'data-testid': 'progress' }, h('div', { class: 'bar' }), h('span', { class: 'label' }));
    el.append(bar);
  }
  const known = typeof fraction === 'number' && Number.isFinite(fraction);
  const pct = known ? Math.max(0, Math.min(1, fraction)) * 100 : null;
  bar.classList.toggle('indeterminate', !known);
  // width through the CSSOM: allowed by a CSP without 'unsafe-inline' (only style attributes in markup are not)
  bar.firstChild.style.width = known ? `${pct}%` : '';
  if (known) bar.setAttribute('aria-valuenow', pct.toFixed(0)); else bar.removeAttribute('aria-valuenow');
  bar.lastChild.textContent = label ?? (known ? `${pct.toFixed(0)} %` : 'working…');
  return bar;
}

/**
 * A table in a .table-wrap (scrolls sideways on phones).
 * columns: [{label, cell: row => Node|string|number, class?, key?}] (without cell, row[key] is shown);
 * options: {rowAttrs: row => attrs for the <tr>, empty: 'text when no rows', testid}.
 */
export function table(columns, rows, options = {}) {
  const head = h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', class: c.class }, c.label ?? ''))));
  const body = h('tbody');
  if (!rows || rows.length === 0) {
    body.append(h('tr', {}, h('td', { class: 'empty', colSpan: columns.length }, options.empty || 'Nothing here yet.')));
  } else {
    const frag = document.createDocumentFragment();
    for (const row of rows) {
      const tr = h('tr', options.rowAttrs ? options.rowAttrs(row) : {});
      for (const c of columns) {
        const v = c.cell ? c.cell(row) : row[c.key];
        tr.append(h('td', { class: c.class }, v === null || v === undefined ? '' : v));
      }
      frag.append(tr);
    }
    body.append(frag);
  }
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-testid': options.testid }, head, body));
}

/** Runs an async action with the button disabled and busy; shows the error next to the button. */
export async function busy(button, action) {
  showError(button, null);
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } catch (e) {
    showError(button, e);
    return undefined;
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

export function badge(state) {
  const s = String(state ?? 'unknown');
  return h('span', { class: `badge state-${s.replace(/[^a-z_-]/gi, '')}` }, s);
}
