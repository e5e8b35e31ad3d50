// Audit trail: filter by actor, action, bot, outcome and time range; export what the filter selects (CSV or JSON
// lines) through the server's export route.
import { api } from '../api.js';
import { h, fmtTime, showError, busy, progress } from '../dom.js';
import {
  field, input, select, dataTable, setChildren, download,
} from './_kit.js';

const PAGE = 100;

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
      'Export JSON lines');
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
      performance.mark('audit-rendered'); // read by the page-load measurement (docs/BENCHMARKS.md)
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

    // The server's export route writes every matching entry (oldest first), not only the rows shown here.
    const exporter = (button, format) => () => busy(button, async () => {
      const bar = h('span', {});
      progress(bar, null, `exporting ${format.toUpperCase()}…`);
      setChildren(exportStatus, bar);
      try {
        const text = await api('GET', `/api/v1/audit/logs/export?format=${format}&${filter}`);
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        download(`audit-${stamp}.${format}`, text || '', format === 'csv' ? 'text/csv;charset=utf-8'
          : 'application/x-ndjson;charset=utf-8');
        const lines = (text || '').split('\n').filter(Boolean).length - (format === 'csv' ? 1 : 0);
        setChildren(exportStatus, `${Math.max(0, lines)} entries exported`);
      } catch (err) {
        setChildren(exportStatus);
        throw err; // busy() shows the detail next to the button
      }
    });
    exportCsv.onclick = exporter(exportCsv, 'csv');
    exportJson.onclick = exporter(exportJson, 'jsonl');

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
