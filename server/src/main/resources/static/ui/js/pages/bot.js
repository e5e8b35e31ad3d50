// One bot: observed and desired state with its history (state events as they come, and the audit trail filtered
// to the bot: crashes, restarts, who did what), equity curve and daily profit (uPlot), open and closed trades with
// force-exit, a log view that follows the SSE route, controls for operators, and the FreqAI prediction when the
// bot has a model.

import { api, apiStream } from '../api.js';
import { h, clear, fmtMoney, fmtTime, fmtAgo, fmtPct, showError, badge, busy, table, confirmTyped } from '../dom.js';
import { onEvent } from '../live.js';
import { hasRole } from '../session.js';
import { lineChart } from '../chart.js';

const CONTROLS = [['start', 'Start', 'primary'], ['stop', 'Stop', ''], ['pause', 'Pause', ''], ['resume', 'Resume', ''],
  ['reload', 'Reload config', '']];
const MAX_LOG_LINES = 2000;

export default {
  title: 'Bot',
  async render(root, params) {
    const id = Number(params.id);
    const operator = hasRole('operator');
    const aborter = new AbortController();
    const cleanups = [() => aborter.abort()];
    let bot = await api('GET', `/api/v1/bots/${id}`);
    document.title = `${bot.name} · FT Fleet`;

    const stateBox = h('span', { 'data-testid': 'bot-state' });
    const desiredBox = h('span', { 'data-testid': 'bot-desired' });
    const details = h('dl', { class: 'kv' });
    const controls = h('div', { class: 'row', 'data-testid': 'controls' });
    const historyList = h('ul', { 'data-testid': 'state-history' });
    const auditBox = h('div', { 'data-testid': 'bot-audit' });
    const equityBox = h('div', { 'data-testid': 'equity-chart' });
    const dailyBox = h('div', { 'data-testid': 'daily-chart' });
    const openBox = h('div', { 'data-testid': 'open-trades' });
    const closedBox = h('div', { 'data-testid': 'closed-trades' });
    const predictionBox = h('section', { class: 'card hidden', 'data-testid': 'prediction' });
    const log = h('pre', { class: 'log', 'data-testid': 'log', tabIndex: 0, 'aria-label': 'bot log' });
    const followToggle = h('button', { class: 'btn small', type: 'button', 'aria-pressed': 'true',
      'data-testid': 'log-follow' }, 'Following');
    const logStatus = h('span', { class: 'muted', 'data-testid': 'log-status' });

    root.append(
      h('p', {}, h('a', { href: '#/bots' }, '← Bots')),
      h('div', { class: 'row spread' },
        h('h1', { 'data-testid': 'bot-name' }, bot.name),
        h('div', { class: 'row' }, 'observed ', stateBox, ' desired ', desiredBox)),
      h('section', { class: 'card' }, operator ? controls : null, details),
      h('div', { class: 'grid' },
        h('section', { class: 'card' }, h('h2', {}, 'Equity (cumulative closed profit)'), equityBox),
        h('section', { class: 'card' }, h('h2', {}, 'Daily profit'), dailyBox)),
      predictionBox,
      h('section', { class: 'card' }, h('h2', {}, 'Open trades'), openBox),
      h('section', { class: 'card' }, h('h2', {}, 'Closed trades'), closedBox),
      h('section', { class: 'card' }, h('div', { class: 'row spread' }, h('h2', {}, 'Log'),
        h('div', { class: 'row' }, logStatus, followToggle)), log),
      h('div', { class: 'grid' },
        h('section', { class: 'card' }, h('h2', {}, 'State changes (live)'), historyList),
        h('section', { class: 'card' }, h('h2', {}, 'History (audit trail)'), auditBox)));

    function drawBot() {
      clear(stateBox).append(badge(bot.observed_state));
      clear(desiredBox).append(badge(bot.desired_state));
      clear(details).append(
        ...kv('Strategy', `${bot.strategy_name}${bot.strategy_version_id ? ' (version ' + bot.strategy_version_id + ')' : ''}`),
        ...kv('Exchange', `${bot.exchange} · ${bot.trading_mode || 'spot'} · ${bot.dry_run ? 'dry-run' : 'live'}`),
        ...kv('Stake', `${bot.stake_amount} ${bot.stake_currency}, max ${bot.max_open_trades} open trades`),
        ...kv('Closed profit', fmtMoney(bot.total_profit, bot.stake_currency)),
        ...kv('Trades', `${bot.total_trades} closed, ${bot.profitable_trades} won, max drawdown ${fmtPct(bot.max_drawdown * 100)}`),
        ...kv('Process', bot.pid ? `pid ${bot.pid}, port ${bot.port}` : '–'),
        ...kv('Observed', `${fmtTime(bot.observed_at)}${bot.observed_reason ? ' — ' + bot.observed_reason : ''}`),
        ...kv('Restart policy', bot.restart_policy),
        ...kv('Tags', (bot.tags || []).join(', ') || '–'),
        bot.restart_required ? kv('Note', 'config changed: restart to apply') : []);
    }

    function drawControls() {
      if (!operator) return;
      clear(controls);
      for (const [action, label, kind] of CONTROLS) {
        const b = h('button', { class: `btn ${kind}`, type: 'button', 'data-testid': action }, label);
        b.addEventListener('click', () => busy(b, async () => {
          await api('POST', `/api/v1/bots/${id}/${action}`);
          await refreshBot();
        }));
        controls.append(b);
      }
      controls.append(h('a', { class: 'btn', href: `#/bots/${id}/edit`, 'data-testid': 'edit' }, 'Edit'));
    }

    async function refreshBot() {
      bot = await api('GET', `/api/v1/bots/${id}`);
      drawBot();
    }

    async function loadTrades() {
      const [open, closed] = await Promise.all([
        api('GET', `/api/v1/bots/${id}/trades/open`).catch(e => e),
        api('GET', `/api/v1/bots/${id}/trades?limit=50`).catch(e => e),
      ]);
      drawOpen(open);
      clear(closedBox);
      if (closed instanceof Error) { showError(closedBox, closed); return; }
      const trades = (closed.trades || []).filter(t => !t.is_open).reverse();
      closedBox.append(table([
        { label: 'Pair', key: 'pair' },
        { label: 'Opened', cell: t => fmtTime(t.open_date) },
        { label: 'Closed', cell: t => fmtTime(t.close_date) },
        { label: 'Profit', class: 'num', cell: t => h('span', { class: t.profit_abs < 0 ? 'neg' : 'pos' },
          `${fmtMoney(t.profit_abs, bot.stake_currency)} (${fmtPct((t.profit_ratio || 0) * 100)})`) },
        { label: 'Exit', cell: t => t.exit_reason || '' },
      ], trades, { empty: 'No closed trades (or the bot is not running).', testid: 'closed-table' }));
    }

    function drawOpen(open) {
      clear(openBox);
      if (open instanceof Error) { showError(openBox, open); return; }
      const trades = Array.isArray(open) ? open : [];
      openBox.append(table([
        { label: 'Pair', key: 'pair' },
        { label: 'Opened', cell: t => fmtAgo(t.open_date) },
        { label: 'Amount', class: 'num', cell: t => t.amount },
        { label: 'Profit', class: 'num', cell: t => h('span', { class: (t.profit_abs ?? 0) < 0 ? 'neg' : 'pos' },
          `${fmtMoney(t.profit_abs, bot.stake_currency)} (${fmtPct((t.profit_ratio || 0) * 100)})`) },
        { label: '', cell: t => operator ? forceExitButton(t) : '' },
      ], trades, { empty: 'No open trades.', testid: 'open-table' }));
    }

    function forceExitButton(trade) {
      const b = h('button', { class: 'btn small danger', type: 'button', 'data-testid': `forceexit-${trade.trade_id}` },
        'Force exit');
      b.addEventListener('click', async () => {
        if (!await confirmTyped(trade.pair, `Sell trade ${trade.trade_id} (${trade.pair}) at market now.`)) return;
        const done = await busy(b, () => api('POST', `/api/v1/bots/${id}/forceexit`, { tradeid: String(trade.trade_id) }));
        if (done) loadTrades();
      });
      return b;
    }

    async function loadCharts() {
      const [equity, daily] = await Promise.all([
        api('GET', `/api/v1/analytics/equity?bot_id=${id}&step=1h`).catch(e => e),
        api('GET', `/api/v1/bots/${id}/daily?days=30`).catch(e => e),
      ]);
      clear(equityBox);
      if (equity instanceof Error) showError(equityBox, equity);
      else {
        const mine = (equity.bots || []).find(b => b.bot_id === id);
        const points = (mine?.points || []).map(p => [Date.parse(p.at) / 1000, p.cumulative_profit]);
        if (points.some(p => p[1] !== 0)) {
          cleanups.push(lineChart(equityBox, { series: [{ label: `profit ${bot.stake_currency}`, points }] }).destroy);
        } else equityBox.append(h('p', { class: 'muted' }, 'No closed trades in the last 7 days.'));
      }
      clear(dailyBox);
      if (daily instanceof Error) dailyBox.append(h('p', { class: 'muted' }, `Daily profit unavailable: ${daily.detail}`));
      else {
        const rows = (daily.data || []).map(d => [Date.parse(d.date) / 1000, d.abs_profit]).sort((a, b) => a[0] - b[0]);
        if (rows.length) {
          cleanups.push(lineChart(dailyBox, { series: [{ label: `daily ${bot.stake_currency}`, points: rows }], bars: true }).destroy);
        } else dailyBox.append(h('p', { class: 'muted' }, 'No daily figures.'));
      }
    }

    async function loadAudit() {
      const entries = await api('GET', `/api/v1/audit/logs?target_type=bot&target_id=${id}&limit=50`);
      clear(auditBox).append(table([
        { label: 'When', cell: e => fmtTime(e.created_at) },
        { label: 'Who', cell: e => e.username || 'system' },
        { label: 'What', cell: e => e.action },
        { label: 'Outcome', cell: e => badge(e.outcome) },
        { label: 'Why', cell: e => e.reason || '' },
      ], entries, { empty: 'No audit entries for this bot.', testid: 'audit-table' }));
    }

    async function loadPrediction() {
      if (!bot.freqai_model_id) return;
      predictionBox.classList.remove('hidden');
      clear(predictionBox).append(h('h2', {}, 'FreqAI prediction'));
      try {
        const p = await api('GET', `/api/v1/bots/${id}/prediction`);
        predictionBox.append(h('dl', { class: 'kv' },
          ...kv('Pair', `${p.pair} ${p.timeframe || ''}`), ...kv('Prediction', p.prediction),
          ...kv('Confidence', fmtPct((p.confidence || 0) * 100)), ...kv('Target', p.target || '–')));
      } catch (e) {
        showError(predictionBox, e);
      }
    }

    // Log: the last lines, then follow (fetch + Authorization; the token is never in a URL).
    let following = true;
    const lines = [];
    let logFrame = 0;
    function addLine(line) {
      lines.push(line);
      if (!logFrame) logFrame = requestAnimationFrame(flushLog);
    }
    function flushLog() {
      logFrame = 0;
      const extra = lines.length - MAX_LOG_LINES;
      if (extra > 0) lines.splice(0, extra);
      log.textContent = lines.join('\n');
      log.dataset.lines = String(lines.length);
      if (following) log.scrollTop = log.scrollHeight;
    }
    followToggle.addEventListener('click', () => {
      following = !following;
      followToggle.setAttribute('aria-pressed', String(following));
      followToggle.textContent = following ? 'Following' : 'Paused';
    });
    async function followLog() {
      try {
        const tail = await api('GET', `/api/v1/bots/${id}/logs?lines=200`);
        (tail.entries || []).forEach(addLine);
        logStatus.textContent = 'following';
        await apiStream(`/api/v1/bots/${id}/logs/follow`, addLine, aborter.signal);
        if (!aborter.signal.aborted) logStatus.textContent = 'log stream ended';
      } catch (e) {
        if (!aborter.signal.aborted) { logStatus.textContent = ''; showError(log.parentElement, e); }
      }
    }

    // Live state: update the badges, note the change, refresh trades on trade events (one refresh per burst).
    let tradeTimer = null;
    cleanups.push(onEvent('bot.state', e => {
      if (e.botId !== id) return;
      bot.observed_state = e.data.state;
      bot.pid = e.data.pid;
      bot.port = e.data.port;
      bot.observed_at = e.at;
      bot.observed_reason = e.data.reason;
      drawBot();
      historyList.prepend(h('li', {}, `${fmtTime(e.at)}: `, badge(e.data.state), e.data.reason ? ` ${e.data.reason}` : ''));
      if (!tradeTimer) tradeTimer = setTimeout(() => { tradeTimer = null; refreshBot().catch(() => {}); loadAudit().catch(() => {}); loadTrades(); }, 800);
    }));
    cleanups.push(onEvent('bot.restart_scheduled', e => {
      if (e.botId !== id) return;
      historyList.prepend(h('li', {}, `${fmtTime(e.at)}: crashed (exit ${e.data.exit_code ?? '?'}), restart in `
        + `${Math.round((e.data.delay_ms || 0) / 1000)} s (${e.data.crashes_in_window} crash(es) in window)`));
    }));
    let tradesTimer = null;
    const tradeChanged = e => {
      if (e.botId !== id || tradesTimer) return;
      tradesTimer = setTimeout(() => { tradesTimer = null; loadTrades(); }, 700);
    };
    cleanups.push(onEvent('trade.opened', tradeChanged), onEvent('trade.closed', tradeChanged));
    cleanups.push(() => { clearTimeout(tradeTimer); clearTimeout(tradesTimer); cancelAnimationFrame(logFrame); });

    drawBot();
    drawControls();
    followLog();
    await Promise.all([
      loadTrades(), loadCharts(), loadPrediction(),
      loadAudit().catch(e => showError(auditBox, e)),
    ]);
    performance.mark('bot-rendered'); // read by the page-load measurement (docs/BENCHMARKS.md)
    return () => cleanups.forEach(c => c());
  },
};

function kv(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}
