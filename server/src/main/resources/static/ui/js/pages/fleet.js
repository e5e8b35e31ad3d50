// Fleet: money per stake currency and dry/live (never summed across them), bots by observed state, open trades,
// the trading switch and drawdown guards; the emergency stop for admins. Live: events mark the page stale and one
// refresh runs per batch of events (at most every 700 ms), whatever the number of bots.

import { api } from '../api.js';
import { h, clear, fmtMoney, fmtAgo, fmtPct, showError, confirmTyped, progress, table, badge, busy } from '../dom.js';
import { onEvent } from '../live.js';
import { hasRole } from '../session.js';

const REFRESH_EVENTS = ['bot.state', 'trade.opened', 'trade.closed', 'trading.disabled', 'trading.rearmed',
  'risk.drawdown_guard_tripped', 'bot.entries_stopped'];

export default {
  title: 'Fleet',
  async render(root) {
    const admin = hasRole('admin');
    const switchCard = h('section', { class: 'card', 'data-testid': 'trading-switch', 'aria-label': 'trading switch' });
    const totalsBox = h('div', { class: 'grid', 'data-testid': 'totals' });
    const statesCard = h('section', { class: 'card', 'data-testid': 'by-state' });
    const openCard = h('section', { class: 'card', 'data-testid': 'open-trades' });
    const guardsCard = h('section', { class: 'card', 'data-testid': 'guards' });
    const status = h('p', { class: 'muted', 'data-testid': 'fleet-updated' });
    root.append(
      h('div', { class: 'row spread' }, h('h1', {}, 'Fleet'), status),
      switchCard,
      h('h2', {}, 'Money per stake currency'),
      totalsBox,
      h('div', { class: 'grid' }, statesCard, openCard),
      guardsCard);

    let loading = null;
    let again = false;
    async function load() {
      if (loading) { again = true; return loading; }
      loading = (async () => {
        try {
          const [summary, snapshots, trading, guards] = await Promise.all([
            api('GET', '/api/v1/fleet/summary'),
            api('GET', '/api/v1/fleet/snapshots'),
            api('GET', '/api/v1/emergency/status'),
            admin ? api('GET', '/api/v1/risk/drawdown-guards') : Promise.resolve(null),
          ]);
          drawSwitch(switchCard, trading, admin, load);
          drawTotals(totalsBox, summary);
          drawStates(statesCard, summary);
          drawOpen(openCard, summary, snapshots);
          drawGuards(guardsCard, guards, admin);
          showError(root, null);
          status.textContent = `updated ${new Date().toLocaleTimeString()}`;
          performance.mark('fleet-rendered'); // read by the page-load measurement (docs/BENCHMARKS.md)
        } catch (e) {
          showError(root, e);
        }
      })();
      await loading;
      loading = null;
      if (again) { again = false; await load(); }
    }

    let timer = null;
    const soon = () => { if (!timer) timer = setTimeout(() => { timer = null; load(); }, 700); };
    const offs = REFRESH_EVENTS.map(t => onEvent(t, soon));
    await load();
    return () => { offs.forEach(off => off()); clearTimeout(timer); };
  },
};

function drawSwitch(card, trading, admin, reload) {
  clear(card);
  const state = trading.enabled ? 'enabled' : 'disabled';
  card.append(h('div', { class: 'row spread' },
    h('div', {},
      h('h2', {}, 'Trading ', h('span', { class: `badge state-${state}`, 'data-testid': 'trading-state' }, state)),
      trading.enabled ? h('p', { class: 'muted' }, 'Bots may start and open trades.')
        : h('p', {}, `Disabled${trading.reason ? ': ' + trading.reason : ''}`,
          trading.changed_by ? ` — by ${trading.changed_by} ${fmtAgo(trading.changed_at)}` : '',
          '. No bot starts until an admin re-arms trading.')),
    admin ? h('div', { class: 'row' }, ...adminButtons(card, trading, reload)) : null));
}

function adminButtons(card, trading, reload) {
  const result = h('div', { 'data-testid': 'emergency-result' });
  const forceExit = h('input', { type: 'checkbox', id: 'force-exit', 'data-testid': 'force-exit' });
  const stop = h('button', { class: 'btn danger', type: 'button', 'data-testid': 'emergency-stop' }, 'Emergency stop…');
  stop.addEventListener('click', async () => {
    const ok = await confirmTyped('STOP ALL', `Stop entries on every bot${forceExit.checked ? ', force-exit every open trade' : ''}`
      + ' and stop every bot. Trading stays disabled until an admin re-arms it.');
    if (!ok) return;
    clear(result);
    progress(result, null, 'stopping every bot…');
    const answer = await busy(stop, () => api('POST', `/api/v1/emergency/stop-all?force_exit=${forceExit.checked}`));
    clear(result);
    if (answer) {
      result.append(h('p', {}, answer.message), resultTable(answer.results));
      card.after(result);
      reload();
    }
  });
  const buttons = [h('label', { class: 'row', for: 'force-exit' }, forceExit, 'force-exit open trades'), stop];
  if (!trading.enabled) {
    const rearm = h('button', { class: 'btn primary', type: 'button', 'data-testid': 'rearm' }, 'Re-arm trading');
    rearm.addEventListener('click', async () => {
      if (await busy(rearm, () => api('POST', '/api/v1/emergency/rearm'))) reload();
    });
    buttons.push(rearm);
  }
  buttons.push(result);
  return buttons;
}

export function resultTable(results) {
  return table([
    { label: 'Bot', cell: r => h('a', { href: `#/bots/${r.bot_id}` }, r.bot_name) },
    { label: 'Result', cell: r => h('span', { class: `badge ${r.ok ? 'state-ok' : 'state-failed'}`,
      'data-testid': `result-${r.bot_id}` }, r.ok ? 'ok' : 'failed') },
    { label: 'State', cell: r => r.observed_state ? badge(r.observed_state) : '' },
    { label: 'Detail', cell: r => r.detail || '' },
  ], results, { empty: 'No bots were selected.', testid: 'results' });
}

function drawTotals(box, summary) {
  clear(box);
  if (!summary.totals.length) {
    box.append(h('div', { class: 'card muted' }, 'No bot has reported figures yet.'));
    return;
  }
  for (const t of summary.totals) {
    const mode = t.dry_run ? 'dry-run' : 'live';
    box.append(h('article', { class: 'card', 'data-testid': `total-${t.stake_currency}-${mode}` },
      h('h2', {}, t.stake_currency, ' ', h('span', { class: `badge ${t.dry_run ? 'state-paused' : 'state-running'}` }, mode)),
      h('div', { class: 'stat' }, fmtMoney(t.balance_total, t.stake_currency)),
      h('dl', { class: 'kv' },
        h('dt', {}, 'Closed profit'), h('dd', { class: t.profit_closed_abs < 0 ? 'neg' : 'pos' },
          fmtMoney(t.profit_closed_abs, t.stake_currency)),
        h('dt', {}, 'Bots'), h('dd', {}, t.bots),
        h('dt', {}, 'Open trades'), h('dd', {}, t.open_trades),
        h('dt', {}, 'Closed trades'), h('dd', {}, t.closed_trades))));
  }
}

function drawStates(card, summary) {
  clear(card).append(h('h2', {}, `Bots (${summary.bots})`));
  const states = Object.entries(summary.by_state || {});
  card.append(states.length
    ? h('div', { class: 'row' }, states.map(([state, n]) =>
      h('a', { href: `#/bots?state=${encodeURIComponent(state)}`, class: `badge state-${state}`,
        'data-testid': `state-count-${state}` }, `${state}: ${n}`)))
    : h('p', { class: 'muted' }, 'No bots yet. ', h('a', { href: '#/bots/new' }, 'Create one')));
  const polls = Object.entries(summary.by_status || {}).map(([s, n]) => `${s.toLowerCase()} ${n}`).join(' · ');
  card.append(h('p', { class: 'muted' }, `Polls: ${polls}`));
}

function drawOpen(card, summary, snapshots) {
  const withTrades = snapshots.filter(s => (s.open_trades || 0) > 0)
    .sort((a, b) => b.open_trades - a.open_trades).slice(0, 20);
  clear(card).append(h('h2', {}, `Open trades (${summary.open_trades})`),
    table([
      { label: 'Bot', cell: s => h('a', { href: `#/bots/${s.bot_id}` }, s.name) },
      { label: 'Open', class: 'num', cell: s => s.open_trades },
      { label: 'Profit (all)', class: 'num', cell: s => fmtPct((s.profit_all_ratio ?? 0) * 100) },
      { label: 'Mode', cell: s => `${s.stake_currency || ''} ${s.dry_run ? 'dry' : 'live'}` },
    ], withTrades, { empty: 'No open trades.' }));
}

function drawGuards(card, guards, admin) {
  clear(card).append(h('h2', {}, 'Drawdown guards'));
  if (!admin) {
    card.append(h('p', { class: 'muted' }, 'Drawdown guards are managed by admins.'));
    return;
  }
  card.append(table([
    { label: 'Name', key: 'name' },
    { label: 'Scope', cell: g => `${g.scope_tag ? 'tag ' + g.scope_tag : 'all bots'}, ${g.dry_run ? 'dry-run' : 'live'}` },
    { label: 'Max drawdown', class: 'num', cell: g => fmtPct(g.max_drawdown_pct) },
    { label: 'Window', class: 'num', cell: g => `${g.window_minutes} min` },
    { label: 'State', cell: g => g.tripped ? h('span', { class: 'badge state-tripped', title: g.tripped_reason || '' },
      `tripped ${fmtAgo(g.tripped_at)}`) : badge(g.enabled ? 'enabled' : 'disabled') },
  ], guards, { empty: 'No drawdown guards configured.', testid: 'guards-table' }));
}
