// Audit trail: filter by actor, action, bot, outcome and time range; export what the filter selects as CSV or JSON.
import { api } from '../api.js';
import { h, fmtTime, showError, busy } from '../dom.js';
import {
  problemText, field, input, select, dataTable, setChildren, download,
} from './_kit.js';

const PAGE = 100;
const EXPORT_PAGE = 500;
const EXPORT_MAX = 50000;
// The server's CSV export columns, so a file made here reads like one made there.
const CSV_COLUMNS = ['id', 'created_at', 'username', 'actor_id', 'actor_role', 'ip_address', 'request_id',
  'http_method', 'path', 'status_code', 'action', 'target_type', 'target_id', 'outcome', 'reason', 'changes',
  'before', 'after', 'prev_hash', 'hash'];

export default {
  title: 'Audit',
  render(root) {
    const actions = h('datalist', { id: 'audit-actions' });
    const botSel = select('bot', [['', 'any bot']], '');
    const actionInput = input('action', { placeholder: 'e.g. bot.started', autocomplete: 'off' });
    actionInput.setAttribute('list', 'audit-actions'); // `list` is a read-only property: an attribute only
    const form = h('form', { class: 'form-grid', noValidate: true, dataset: { testid: 'audit-filter' } },
      field('Actor', input('actor', { placeholder: 'username', autocomplete: 'off' })),
      field('Action', actionInput),
      field('Bot', botSel),
      field('Outcome', select('outcome', [['', 'any'], 'success', 'denied', 'failed'], '')),
      field('From', input('from', { type: 'datetime-local' })),
      field('To', input('to', { type: 'datetime-local' })),
      h('div', { class: 'row' },
        h('button', { type: 'submit', class: 'btn primary', dataset: { testid: 'audit-apply' } }, 'Filter'),
        h('button', { type: 'reset', class: 'btn' }, 'Clear')),
      actions);
    const count = h('p', { class: 'muted', 'aria-live': 'polite', dataset: { testid: 'audit-count' } });
    const listBox = h('div', { dataset: { testid: 'audit-list' } });
    const more = h('button', { type: 'button', class: 'btn', hidden: true }, 'Load more');
    const exportStatus = h('span', { class: 'muted', 'aria-live': 'polite', dataset: { testid: 'export-status' } });
    const exportCsv = h('button', { type: 'button', class: 'btn', dataset: { testid: 'export-csv' } }, 'Export CSV');
    const exportJson = h('button', { type: 'button', class: 'btn', dataset: { testid: 'export-json' } },
      'Export JSON');
    root.append(h('section', {},
      h('h1', {}, 'Audit trail'),
      h('div', { class: 'card' }, form),
      h('div', { class: 'card' },
        h('div', { class: 'row' }, count, exportCsv, exportJson, exportStatus),
        listBox, more)));

    let rows = [];
    let filter = new URLSearchParams();
    const botNames = new Map();

    api('GET', '/api/v1/bots?limit=1000').then(b => {
      const bots = Array.isArray(b) ? b : (b && b.items) || [];
      bots.forEach(x => botNames.set(String(x.id), x.name));
      setChildren(botSel, h('option', { value: '' }, 'any bot'),
        ...bots.map(x => h('option', { value: String(x.id) }, x.name)));
    }).catch(() => { /* the filter still works without bot names */ });

    function filterFromForm() {
      const q = new URLSearchParams();
      const v = name => form.elements[name].value.trim();
      if (v('actor')) q.set('actor', v('actor'));
      if (v('action')) q.set('action', v('action'));
      if (v('bot')) { q.set('target_type', 'bot'); q.set('target_id', v('bot')); }
      if (v('outcome')) q.set('outcome', v('outcome'));
      // datetime-local is the viewer's local time; the API wants an instant.
      for (const k of ['from', 'to']) if (v(k)) q.set(k, new Date(v(k)).toISOString());
      return q;
    }

    async function fetchPage(skip, limit) {
      const q = new URLSearchParams(filter);
      q.set('skip', skip);
      q.set('limit', limit);
      return api('GET', `/api/v1/audit/logs?${q}`);
    }

    async function load(append) {
      const page = await fetchPage(append ? rows.length : 0, PAGE);
      rows = append ? rows.concat(page) : page;
      more.hidden = page.length < PAGE;
      count.textContent = `${rows.length}${more.hidden ? '' : '+'} entries`;
      const seen = new Set([...actions.options].map(o => o.value));
      for (const r of rows) if (r.action && !seen.has(r.action)) {
        seen.add(r.action);
        actions.append(h('option', { value: r.action }));
      }
      setChildren(listBox, dataTable([
        { label: 'Time', cell: r => fmtTime(r.created_at) },
        { label: 'Actor', cell: r => `${r.username || '—'}${r.actor_role ? ` (${r.actor_role})` : ''}` },
        { label: 'Action', cell: r => h('code', {}, r.action || `${r.http_method} ${r.path}`) },
        { label: 'Target', cell: r => target(r, botNames) },
        { label: 'Outcome', cell: r => h('span', { class: `badge outcome-${r.outcome}` }, r.outcome || '') },
        { label: 'Request', cell: r => `${r.http_method || ''} ${r.path || ''} ${r.status_code || ''}` },
        { label: 'Details', cell: r => details(r) },
      ], rows, r => ({ dataset: { testid: `audit-row-${r.id}`, action: r.action || '' } }),
      'No entries match.'));
    }

    const run = async (button, append) => busy(button, async () => {
      showError(form, null);
      try {
        await load(append);
      } catch (err) {
        showError(form, err);
      }
    });

    form.onsubmit = ev => {
      ev.preventDefault();
      filter = filterFromForm();
      run(form.querySelector('[type=submit]'), false);
    };
    form.onreset = () => setTimeout(() => form.requestSubmit(), 0);
    more.onclick = () => run(more, true);

    /** Every row the filter selects (not only the ones shown), page by page, with a running count. */
    async function allRows() {
      const out = [];
      for (;;) {
        const page = await fetchPage(out.length, EXPORT_PAGE);
        out.push(...page);
        exportStatus.textContent = `${out.length} entries read…`;
        if (page.length < EXPORT_PAGE || out.length >= EXPORT_MAX) return out;
      }
    }

    const exporter = (button, format) => () => busy(button, async () => {
      exportStatus.className = 'muted';
      try {
        const all = await allRows();
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        if (format === 'csv') download(`audit-${stamp}.csv`, toCsv(all), 'text/csv;charset=utf-8');
        else download(`audit-${stamp}.json`, JSON.stringify(all, null, 2), 'application/json');
        exportStatus.textContent = `${all.length} entries exported${all.length >= EXPORT_MAX ? ' (limit reached)' : ''}`;
      } catch (err) {
        exportStatus.textContent = problemText(err);
        exportStatus.className = 'error';
      }
    });
    exportCsv.onclick = exporter(exportCsv, 'csv');
    exportJson.onclick = exporter(exportJson, 'json');

    run(form.querySelector('[type=submit]'), false);
  },
};

function target(r, botNames) {
  if (!r.target_type) return '';
  if (r.target_type === 'bot' && r.target_id) {
    return h('a', { href: `#/bots/${r.target_id}` }, botNames.get(r.target_id) || `bot ${r.target_id}`);
  }
  return `${r.target_type}${r.target_id ? ` ${r.target_id}` : ''}`;
}

function details(r) {
  const parts = [r.reason, r.changes && JSON.stringify(r.changes)].filter(Boolean);
  return parts.length ? h('span', { class: 'details' }, parts.join(' · ')) : '';
}

/** RFC 4180, as the server's export writes it: CRLF line ends, quotes only where needed. */
export function toCsv(rows) {
  const cell = v => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(s) || s.trim() !== s ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [CSV_COLUMNS, ...rows.map(r => CSV_COLUMNS.map(c => r[c]))].map(r => r.map(cell).join(',')).join('\r\n')
    + '\r\n';
}
