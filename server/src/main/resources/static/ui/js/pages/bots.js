// Bots: every bot the user may see, filtered by state, tag, exchange and dry/live; desired vs observed state, last
// seen and closed profit in the bot's own currency. Operators select bots and start / stop / pause / resume them
// through the bulk routes, with one result per bot. Live: bot.state events update the rows in place, batched per
// animation frame (200 bots and a burst of events cost one pass, not one render per event).

import { api } from '../api.js';
import { h, clear, fmtMoney, fmtAgo, showError, progress, badge, busy } from '../dom.js';
import { onEvent } from '../live.js';
import { hasRole } from '../session.js';
import { resultTable } from './fleet.js';

const STATES = ['running', 'paused', 'starting', 'stopping', 'stopped', 'start_failed', 'crashed', 'unreachable',
  'unsupervised'];
const ACTIONS = [['start', 'Start'], ['stop', 'Stop'], ['pause', 'Pause'], ['resume', 'Resume']];

export default {
  title: 'Bots',
  async render(root, params, query) {
    const operator = hasRole('operator');
    const filters = {
      state: query.get('state') || '', tag: query.get('tag') || '', exchange: query.get('exchange') || '',
      mode: query.get('mode') || '',
    };
    const bots = new Map(); // id -> bot
    const rows = new Map(); // id -> {tr, state, desired, seen}
    const selected = new Set();
    let lastSeen = new Map();

    const filterBar = h('form', { class: 'row card', 'aria-label': 'filters', 'data-testid': 'bot-filters' });
    const tbody = h('tbody', { 'data-testid': 'bots-body' });
    const count = h('span', { class: 'muted', 'data-testid': 'bots-count' });
    const results = h('div', { 'data-testid': 'bulk-results' });
    const actionButtons = ACTIONS.map(([action, label]) =>
      h('button', { class: 'btn', type: 'button', disabled: true, 'data-testid': `bulk-${action}` }, label));
    const selectAll = h('input', { type: 'checkbox', 'aria-label': 'select all shown', 'data-testid': 'select-all' });

    root.append(
      h('div', { class: 'row spread' }, h('h1', {}, 'Bots'),
        operator ? h('a', { class: 'btn primary', href: '#/bots/new', 'data-testid': 'new-bot' }, 'New bot') : null),
      filterBar,
      operator ? h('div', { class: 'row', 'aria-label': 'bulk actions' }, h('span', { class: 'muted' }, 'Selected:'),
        actionButtons) : null,
      results,
      h('div', { class: 'table-wrap' }, h('table', { class: 'table', 'data-testid': 'bots-table' },
        h('thead', {}, h('tr', {},
          operator ? h('th', { scope: 'col' }, selectAll) : null,
          ['Name', 'State', 'Desired', 'Exchange', 'Mode', 'Tags', 'Last seen', 'Closed profit'].map((l, i) =>
            h('th', { scope: 'col', class: i === 7 ? 'num' : i >= 3 && i <= 6 ? 'hide-phone' : '' }, l)))),
        tbody)),
      count);

    function visible(bot) {
      const mode = bot.dry_run ? 'dry' : 'live';
      return (!filters.state || bot.observed_state === filters.state)
        && (!filters.tag || (bot.tags || []).includes(filters.tag))
        && (!filters.exchange || bot.exchange === filters.exchange)
        && (!filters.mode || mode === filters.mode);
    }

    function row(bot) {
      const state = h('span', { 'data-testid': `bot-state-${bot.id}` }, badge(bot.observed_state));
      const desired = h('span', { 'data-testid': `bot-desired-${bot.id}` }, bot.desired_state);
      const seen = h('td', { class: 'hide-phone' }, fmtAgo(lastSeen.get(bot.id) || bot.observed_at));
      const check = operator ? h('input', { type: 'checkbox', checked: selected.has(bot.id),
        'aria-label': `select ${bot.name}`, 'data-testid': `select-${bot.id}` }) : null;
      check?.addEventListener('change', () => {
        if (check.checked) selected.add(bot.id); else selected.delete(bot.id);
        updateActions();
      });
      const tr = h('tr', { 'data-testid': `bot-row-${bot.id}` },
        operator ? h('td', {}, check) : null,
        h('td', {}, h('a', { href: `#/bots/${bot.id}`, 'data-testid': `bot-link-${bot.id}` }, bot.name)),
        h('td', {}, state),
        h('td', {}, desired),
        h('td', { class: 'hide-phone' }, bot.exchange),
        h('td', { class: 'hide-phone' }, bot.dry_run ? 'dry-run' : 'live'),
        h('td', { class: 'hide-phone' }, (bot.tags || []).join(', ')),
        seen,
        h('td', { class: `num ${bot.total_profit < 0 ? 'neg' : ''}` }, fmtMoney(bot.total_profit, bot.stake_currency)));
      rows.set(bot.id, { tr, state, desired, seen, check });
      return tr;
    }

    function drawTable() {
      rows.clear();
      const shown = [...bots.values()].filter(visible).sort((a, b) => a.name.localeCompare(b.name));
      const frag = document.createDocumentFragment();
      for (const bot of shown) frag.append(row(bot));
      if (!shown.length) {
        frag.append(h('tr', {}, h('td', { class: 'empty', colSpan: operator ? 9 : 8 },
          bots.size ? 'No bot matches these filters.' : 'No bots yet.')));
      }
      clear(tbody).append(frag);
      count.textContent = `${shown.length} of ${bots.size} bots`;
      tbody.dataset.rendered = String(shown.length);
      performance.mark('bots-rendered'); // read by the page-load measurement (docs/BENCHMARKS.md)
      updateActions();
    }

    function updateActions() {
      const n = [...selected].filter(id => rows.has(id)).length;
      actionButtons.forEach(b => { b.disabled = n === 0; });
      selectAll.checked = n > 0 && n === rows.size;
    }

    selectAll.addEventListener('change', () => {
      for (const [id, r] of rows) {
        if (selectAll.checked) selected.add(id); else selected.delete(id);
        if (r.check) r.check.checked = selectAll.checked;
      }
      updateActions();
    });

    ACTIONS.forEach(([action], i) => actionButtons[i].addEventListener('click', async () => {
      const ids = [...selected].filter(id => rows.has(id));
      clear(results);
      progress(results, null, `${action}: ${ids.length} bot(s)…`);
      const answer = await busy(actionButtons[i], () => api('POST', `/api/v1/bots/${action}-all`, { ids }));
      clear(results);
      if (answer) {
        results.append(h('div', { class: 'card' }, h('h2', {}, `${action}: results`), resultTable(answer.results)));
        await load().catch(e => showError(results, e)); // desired states changed
      }
    }));

    function drawFilters() {
      const all = [...bots.values()];
      const tags = [...new Set(all.flatMap(b => b.tags || []))].sort();
      const exchanges = [...new Set(all.map(b => b.exchange).filter(Boolean))].sort();
      const select = (name, label, options) => {
        const s = h('select', { name, id: `filter-${name}`, 'data-testid': `filter-${name}` },
          h('option', { value: '' }, 'any'),
          options.map(([v, l]) => h('option', { value: v, selected: filters[name] === v }, l)));
        s.addEventListener('change', () => { filters[name] = s.value; drawTable(); });
        return h('div', { class: 'field' }, h('label', { for: `filter-${name}` }, label), s);
      };
      clear(filterBar).append(
        select('state', 'State', STATES.map(s => [s, s])),
        select('tag', 'Tag', tags.map(t => [t, t])),
        select('exchange', 'Exchange', exchanges.map(e => [e, e])),
        select('mode', 'Dry/live', [['dry', 'dry-run'], ['live', 'live']]));
    }

    async function load() {
      const [list, snapshots] = await Promise.all([
        api('GET', '/api/v1/bots?limit=1000'),
        api('GET', '/api/v1/fleet/snapshots').catch(() => []),
      ]);
      bots.clear();
      list.forEach(b => bots.set(b.id, b));
      lastSeen = new Map(snapshots.map(s => [s.bot_id, s.last_seen]));
      drawFilters();
      drawTable();
    }

    // Live updates: collect changes, apply them once per frame.
    const pending = new Map();
    let frame = 0;
    let reloadNeeded = false;
    function flush() {
      frame = 0;
      let redraw = false;
      for (const [id, data] of pending) {
        const bot = bots.get(id);
        if (!bot) { reloadNeeded = true; continue; }
        bot.observed_state = data.state;
        bot.observed_at = new Date().toISOString();
        const r = rows.get(id);
        if (filters.state && visible(bot) !== !!r) redraw = true;
        else if (r) {
          clear(r.state).append(badge(data.state));
          r.seen.textContent = fmtAgo(bot.observed_at);
        }
      }
      pending.clear();
      if (reloadNeeded) { reloadNeeded = false; load().catch(e => showError(root, e)); } else if (redraw) drawTable();
    }
    const off = onEvent('bot.state', e => {
      if (e.botId == null) return;
      pending.set(e.botId, e.data);
      if (!frame) frame = requestAnimationFrame(flush);
    });

    await load();
    return () => { off(); cancelAnimationFrame(frame); };
  },
};
