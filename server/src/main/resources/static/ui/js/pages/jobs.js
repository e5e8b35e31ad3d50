// Jobs: submit a backtest / hyperopt / data download, follow it live (job.progress / job.finished events plus the
// job's progress field), cancel it, read its results; compare several backtests (metrics + equity curves).
import { api } from '../api.js';
import { h, clear, fmtTime, fmtAgo, showError, busy, progress } from '../dom.js';
import { onEvent } from '../live.js';
import {
  canWrite, problemText, field, input, select, dataTable, setChildren, num, words, formValues, debounce,
} from './_kit.js';
import { equityChart, equitySeries } from './_charts.js';

const ACTIVE = ['queued', 'running'];
const LOSSES = ['SharpeHyperOptLoss', 'SharpeHyperOptLossDaily', 'SortinoHyperOptLoss', 'SortinoHyperOptLossDaily',
  'CalmarHyperOptLoss', 'MaxDrawDownHyperOptLoss', 'MaxDrawDownRelativeHyperOptLoss', 'ProfitDrawDownHyperOptLoss',
  'OnlyProfitHyperOptLoss', 'ShortTradeDurHyperOptLoss', 'MultiMetricHyperOptLoss'];
const SPACES = ['buy', 'sell', 'roi', 'stoploss', 'trailing', 'protection', 'trades', 'all', 'default'];
const METRIC_LABELS = {
  profit_abs: 'Profit', profit_pct: 'Profit %', trades: 'Trades', win_rate_pct: 'Win rate %',
  max_drawdown_account_pct: 'Max drawdown %', sharpe: 'Sharpe', sortino: 'Sortino', calmar: 'Calmar',
  profit_factor: 'Profit factor', final_balance: 'Final balance',
};

export default {
  title: 'Jobs',
  render(root, params, query) {
    const id = params && params.id;
    if (id === 'compare' || location.hash.startsWith('#/jobs/compare')) return renderCompare(root, idsFrom(query));
    return id ? renderJob(root, id) : renderList(root, queryValue(query, 'kind'));
  },
};

/** The router's query (URLSearchParams or a plain object), else the hash's own query string. */
function queryValue(query, key) {
  const v = query && (typeof query.get === 'function' ? query.get(key) : query[key]);
  return v || new URLSearchParams(location.hash.split('?')[1] || '').get(key);
}

function idsFrom(query) {
  return words(queryValue(query, 'ids')).map(Number).filter(n => Number.isInteger(n) && n > 0);
}

/** The shell's progress bar with a label: the percent when the job counts, else its phase (bar indeterminate). */
function jobProgress(job) {
  const p = job.progress || {};
  const pct = p.percent ?? (p.done != null && p.total ? Math.round((1000 * p.done) / p.total) / 10 : null);
  const box = h('span', { class: 'job-progress', dataset: { testid: `job-progress-${job.id}` } });
  if (job.status === 'completed') progress(box, 1, 'done');
  else if (job.status === 'running') {
    progress(box, pct != null ? pct / 100 : null, [p.phase, pct != null ? `${pct} %` : null].filter(Boolean).join(' · ')
      || 'running');
  } else progress(box, 0, job.cancel_requested && job.status === 'queued' ? 'cancelling' : job.status);
  return box;
}

function statusBadge(job) {
  const cls = { completed: 'running', running: 'starting', queued: 'paused', failed: 'crashed',
    cancelled: 'stopped' }[job.status] || job.status;
  return h('span', { class: `badge state-${cls}`, dataset: { testid: `job-status-${job.id}` } }, job.status);
}

// ---------------------------------------------------------------------------------------------------------- list

function renderList(root, kind) {
  const listBox = h('div', { dataset: { testid: 'job-list' } });
  const listError = h('p', { class: 'error', hidden: true });
  const kindSel = select('kind', [['', 'all kinds'], 'backtest', 'hyperopt', 'download', 'freqai_training'],
    kind || '');
  const statusSel = select('status', [['', 'any status'], 'queued', 'running', 'completed', 'failed', 'cancelled'], '');
  const compareBtn = h('button', { type: 'button', class: 'btn', disabled: true, dataset: { testid: 'compare' } },
    'Compare selected backtests');
  const pager = h('div', { class: 'row' });
  const chosen = new Set();
  let skip = 0;
  const limit = 50;

  const page = h('section', {},
    h('h1', {}, 'Jobs'),
    canWrite() ? submitCard() : null,
    h('div', { class: 'card' },
      h('h2', {}, 'History'),
      h('div', { class: 'row' }, field('Kind', kindSel), field('Status', statusSel), compareBtn),
      listError, listBox, pager));
  root.append(page);

  compareBtn.onclick = () => { location.hash = `#/jobs/compare?ids=${[...chosen].join(',')}`; };
  kindSel.onchange = statusSel.onchange = () => { skip = 0; load(); };

  async function load() {
    const q = new URLSearchParams({ skip, limit });
    if (kindSel.value) q.set('kind', kindSel.value);
    if (statusSel.value) q.set('status', statusSel.value);
    try {
      const data = await api('GET', `/api/v1/jobs?${q}`);
      listError.hidden = true;
      setChildren(listBox, dataTable([
        { label: h('span', { class: 'sr-only' }, 'Compare'), cell: j => j.kind === 'backtest' && j.status === 'completed'
          ? h('input', { type: 'checkbox', checked: chosen.has(j.id), 'aria-label': `compare backtest ${j.id}`,
            dataset: { testid: `job-select-${j.id}` },
            onchange: ev => { ev.target.checked ? chosen.add(j.id) : chosen.delete(j.id); updateCompare(); } })
          : '' },
        { label: 'Job', cell: j => h('a', { href: `#/jobs/${j.id}`, dataset: { testid: `job-link-${j.id}` } },
          `#${j.id}`) },
        { label: 'Kind', cell: j => j.kind },
        { label: 'What', cell: j => j.label || '' },
        { label: 'Status', cell: j => statusBadge(j) },
        { label: 'Progress', cell: j => jobProgress(j) },
        { label: 'Submitted', cell: j => h('span', { title: fmtTime(j.created_at) }, fmtAgo(j.created_at)) },
        { label: 'Profit', num: true, cell: j => j.summary && j.summary.profit_abs != null
          ? `${num(j.summary.profit_abs)} ${j.summary.stake_currency || ''}` : '' },
      ], data.items, j => ({ dataset: { testid: `job-row-${j.id}` } }), 'No jobs yet.'));
      performance.mark('jobs-rendered'); // read by the page-load measurement (docs/BENCHMARKS.md)
      setChildren(pager,
        h('span', { class: 'muted' }, `${data.total ? skip + 1 : 0}–${skip + data.items.length} of ${data.total}`),
        skip > 0 ? h('button', { type: 'button', class: 'btn', onclick: () => { skip = Math.max(0, skip - limit);
          load(); } }, 'Newer') : null,
        skip + limit < data.total ? h('button', { type: 'button', class: 'btn', onclick: () => { skip += limit;
          load(); } }, 'Older') : null);
    } catch (err) {
      listError.textContent = problemText(err);
      listError.hidden = false;
    }
  }

  function updateCompare() {
    compareBtn.disabled = chosen.size < 2;
  }

  const reload = debounce(load, 250);
  const offs = [onEvent('job.progress', reload), onEvent('job.finished', reload)];
  load();
  return () => { reload.cancel(); offs.forEach(off => off()); };
}

// -------------------------------------------------------------------------------------------------------- submit

function submitCard() {
  const kindSel = select('what', [['backtest', 'Backtest'], ['hyperopt', 'Hyperopt'], ['download', 'Data download']],
    'backtest', { dataset: { testid: 'submit-kind' } });
  const fieldsBox = h('div', { class: 'form-grid' });
  const submitBtn = h('button', { type: 'submit', class: 'btn primary', dataset: { testid: 'submit-job' } }, 'Submit');
  const form = h('form', { noValidate: true, dataset: { testid: 'job-form' } },
    field('What to run', kindSel), fieldsBox, h('div', { class: 'row' }, submitBtn));
  let strategies = [];
  let bots = [];

  const strategyFields = () => [
    field('Strategy', select('strategy_name', strategies.length ? strategies : [['', 'no strategies yet']], null)),
    field('Bot (optional: take its setup)', select('bot_id', [['', '—'], ...bots.map(b => [String(b.id), b.name])], '')),
    field('Exchange', input('exchange', { value: 'binance' })),
    field('Pairs', input('pairs', { value: 'BTC/USDT ETH/USDT' }), 'space or comma separated'),
    field('Timeframe', input('timeframe', { value: '5m' })),
    field('Timerange', input('timerange', { placeholder: '20240101-20240301' }), 'optional, YYYYMMDD-YYYYMMDD'),
    field('Stake currency', input('stake_currency', { value: 'USDT' })),
    field('Stake amount', input('stake_amount', { placeholder: 'unlimited' })),
    field('Starting wallet', input('dry_run_wallet', { value: '1000', inputMode: 'decimal' })),
    field('Max open trades', input('max_open_trades', { value: '3', inputMode: 'numeric' })),
    field('Trading mode', select('trading_mode', ['spot', 'margin', 'futures'], 'spot')),
  ];
  const render = () => {
    showError(form, null);
    const kind = kindSel.value;
    if (kind === 'download') {
      setChildren(fieldsBox,
        field('Exchanges', input('exchanges', { value: 'binance' }), 'one job per exchange'),
        field('Pairs', input('pairs', { value: 'BTC/USDT ETH/USDT' }), 'space or comma separated'),
        field('Timeframes', input('timeframes', { value: '5m 1h' })),
        field('Days', input('days', { value: '30', inputMode: 'numeric' }), 'or a timerange'),
        field('Timerange', input('timerange', { placeholder: '20240101-20240301' })),
        field('Trading mode', select('trading_mode', ['spot', 'margin', 'futures'], 'spot')),
        field('Stake currency', input('stake_currency', { value: 'USDT' })));
    } else if (kind === 'hyperopt') {
      setChildren(fieldsBox, ...strategyFields(),
        field('Epochs', input('epochs', { value: '100', inputMode: 'numeric' })),
        h('fieldset', { class: 'field', dataset: { testid: 'spaces' } }, h('legend', {}, 'Spaces'),
          ...SPACES.map(s => h('label', { class: 'check' },
            h('input', { type: 'checkbox', name: 'spaces', value: s, checked: s === 'buy' || s === 'sell' }), s))),
        field('Loss function', select('loss', LOSSES, 'SharpeHyperOptLoss')),
        field('Min trades', input('min_trades', { inputMode: 'numeric' })),
        field('Random state', input('random_state', { inputMode: 'numeric' })));
    } else {
      setChildren(fieldsBox, ...strategyFields(),
        field('FreqAI model id', input('freqai_model_id', { inputMode: 'numeric' }), 'optional; needs a timerange'));
    }
  };
  kindSel.onchange = render;

  Promise.all([api('GET', '/api/v1/strategies/').catch(() => []),
    api('GET', '/api/v1/bots?limit=1000').catch(() => [])]).then(([s, b]) => {
    strategies = s;
    bots = Array.isArray(b) ? b : (b && b.items) || [];
    render();
  });
  render();

  form.onsubmit = ev => {
    ev.preventDefault();
    busy(submitBtn, async () => {
      showError(form, null);
      const kind = kindSel.value;
      const body = requestBody(kind, formValues(form));
      try {
        if (kind === 'download') {
          const started = await api('POST', '/api/v1/data/download', body);
          location.hash = `#/jobs/${started.job_ids[0]}`;
        } else if (kind === 'hyperopt') {
          location.hash = `#/jobs/${(await api('POST', '/api/v1/hyperopt', body)).id}`;
        } else {
          location.hash = `#/jobs/${(await api('POST', '/api/v1/backtests', body)).id}`;
        }
      } catch (err) {
        showError(form, err);
      }
    });
  };
  return h('div', { class: 'card' }, h('h2', {}, 'Run a job'), form);
}

/** Typed request fields from the form's strings; blank ones are left out so the server's defaults apply. */
function requestBody(kind, v) {
  const out = {};
  const ints = ['bot_id', 'max_open_trades', 'epochs', 'min_trades', 'random_state', 'days', 'freqai_model_id'];
  const lists = ['pairs', 'exchanges', 'timeframes'];
  for (const [k, val] of Object.entries(v)) {
    if (k === 'what') continue;
    if (k === 'spaces') out.spaces = val;
    else if (lists.includes(k)) out[k] = words(val);
    // Not a number stays a string: the server names the field in its 422 instead of the UI guessing.
    else if (ints.includes(k)) out[k] = /^-?\d+$/.test(val) ? Number(val) : val;
    else out[k] = val;
  }
  if (kind === 'download' && out.timerange) delete out.days; // Freqtrade refuses both; a timerange is the choice
  return out;
}

// ------------------------------------------------------------------------------------------------------- one job

function renderJob(root, id) {
  const head = h('div', {});
  const progressBox = h('div', { dataset: { testid: 'job-progress' } });
  const errorBox = h('p', { class: 'error', hidden: true, dataset: { testid: 'job-error' } });
  const controls = h('div', { class: 'row' });
  const paramsBox = h('div', {});
  const resultBox = h('div', { dataset: { testid: 'job-result' } });
  const logBox = h('pre', { class: 'log', dataset: { testid: 'job-log' } });
  let job = null;
  let chart = null;
  let resultShownFor = null;
  let poll = null;

  root.append(h('section', {},
    h('p', {}, h('a', { href: '#/jobs' }, '← Jobs')),
    head, h('div', { class: 'card' }, progressBox, errorBox, controls),
    resultBox,
    h('div', { class: 'grid' },
      h('div', { class: 'card' }, h('h2', {}, 'Parameters'), paramsBox),
      h('div', { class: 'card' }, h('h2', {}, 'Output'), logBox))));

  async function load() {
    try {
      job = await api('GET', `/api/v1/jobs/${id}`);
    } catch (err) {
      errorBox.textContent = problemText(err);
      errorBox.hidden = false;
      return;
    }
    setChildren(head, h('h1', {}, `Job #${job.id} · ${job.kind}${job.label ? ` · ${job.label}` : ''}`),
      h('p', { class: 'muted' }, `submitted ${fmtTime(job.created_at)}`,
        job.finished_at ? ` · ended ${fmtTime(job.finished_at)}` : ''));
    setChildren(progressBox, h('div', { class: 'row' }, statusBadge(job), jobProgress(job)));
    if (job.reason && job.status !== 'completed') {
      errorBox.textContent = job.reason;
      errorBox.hidden = false;
    } else {
      errorBox.hidden = true;
    }
    renderControls();
    setChildren(paramsBox, facts(Object.entries(job.params || {}).map(([k, v]) =>
      [k, Array.isArray(v) ? v.join(', ') : v]), 'job-params'));
    if (job.status === 'completed' && resultShownFor !== job.id) {
      resultShownFor = job.id;
      showResult();
    }
    loadLog();
    // The event stream drives updates; a slow poll covers a dropped connection while the job is still going.
    clearTimeout(poll);
    if (ACTIVE.includes(job.status)) poll = setTimeout(load, 5000);
  }

  function renderControls() {
    clear(controls);
    if (canWrite() && ACTIVE.includes(job.status) && !job.cancel_requested) {
      const cancelErr = h('span', { class: 'field-error', hidden: true });
      const btn = h('button', { type: 'button', class: 'btn danger', dataset: { testid: 'job-cancel' } }, 'Cancel');
      btn.onclick = () => busy(btn, async () => {
        cancelErr.hidden = true;
        try {
          job = await api('POST', `/api/v1/jobs/${id}/cancel`);
          load();
        } catch (err) {
          cancelErr.textContent = problemText(err);
          cancelErr.hidden = false;
        }
      });
      controls.append(btn, cancelErr);
    } else if (job.cancel_requested && ACTIVE.includes(job.status)) {
      controls.append(h('span', { class: 'muted' }, 'Cancelling…'));
    }
    if (job.kind === 'backtest' && job.status === 'completed') {
      controls.append(h('a', { class: 'btn', href: `#/jobs?kind=backtest` }, 'Compare with others…'));
    }
  }

  async function loadLog() {
    try {
      const tail = await api('GET', `/api/v1/jobs/${id}/log?lines=200`);
      logBox.textContent = tail.lines.join('\n');
      logBox.scrollTop = logBox.scrollHeight;
    } catch (err) {
      logBox.textContent = problemText(err);
    }
  }

  async function showResult() {
    const s = job.summary;
    if (!s) return;
    if (job.kind === 'backtest') {
      const chartBox = h('div', { class: 'chart', dataset: { testid: 'equity-chart' } });
      setChildren(resultBox,
        h('div', { class: 'card' }, h('h2', {}, 'Results'), backtestFacts(s)),
        h('div', { class: 'card' }, h('h2', {}, 'Equity'), chartBox),
        h('div', { class: 'card' }, h('h2', {}, 'Per pair'), pairsTable(s)));
      try {
        const full = await api('GET', `/api/v1/backtests/${id}/result`);
        chart = equityChart(chartBox, [{ label: `#${id} ${s.strategy}`, points: equitySeries(full, s.strategy) }],
          s.stake_currency);
      } catch (err) {
        setChildren(chartBox, h('p', { class: 'error' }, problemText(err)));
      }
    } else if (job.kind === 'hyperopt') {
      setChildren(resultBox, h('div', { class: 'card' }, h('h2', {}, 'Best epoch'),
        facts([['Best epoch', s.best_epoch], ['Loss', s.best_loss], ['Loss function', s.loss_function],
          ['Spaces', (s.spaces || []).join(', ')], ['Epochs', s.epochs], ['Explanation', s.results_explanation]],
        'hyperopt-best'),
        h('h3', {}, 'Parameters'), h('pre', { class: 'code' }, JSON.stringify(s.params_dict || s.params, null, 2)),
        s.metrics ? h('h3', {}, 'Metrics') : null, s.metrics ? facts(Object.entries(s.metrics)) : null));
    } else if (job.kind === 'download') {
      setChildren(resultBox, h('div', { class: 'card' }, h('h2', {}, 'Downloaded'),
        h('p', {}, `${s.files} files, ${num(s.candles, 0)} candles on ${s.exchange}`),
        dataTable([
          { label: 'Pair', cell: d => d.pair }, { label: 'Timeframe', cell: d => d.timeframe },
          { label: 'Candles', num: true, cell: d => num(d.candles, 0) },
          { label: 'First', cell: d => fmtTime(d.first_candle) }, { label: 'Last', cell: d => fmtTime(d.last_candle) },
        ], s.data || [])));
    } else {
      setChildren(resultBox, h('div', { class: 'card' }, h('h2', {}, 'Result'),
        h('pre', { class: 'code' }, JSON.stringify(s, null, 2))));
    }
  }

  const onJob = ev => {
    const d = ev && ev.data;
    if (!d || String(d.job_id) !== String(id)) return;
    if (job && ev.type === 'job.progress') {
      // Show the new figures at once; the fetch that follows brings the rest (status, log).
      job.status = d.status || job.status;
      job.progress = { done: d.done, total: d.total, phase: d.phase,
        percent: d.done != null && d.total ? Math.round((1000 * d.done) / d.total) / 10 : null };
      setChildren(progressBox, h('div', { class: 'row' }, statusBadge(job), jobProgress(job)));
    }
    refresh();
  };
  const refresh = debounce(load, 150);
  const offs = [onEvent('job.progress', onJob), onEvent('job.finished', onJob)];
  load();
  return () => {
    clearTimeout(poll);
    refresh.cancel();
    offs.forEach(off => off());
    if (chart) chart.destroy();
  };
}

function facts(pairs, testid) {
  return h('dl', { class: 'facts', dataset: testid ? { testid } : {} },
    ...pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => h('div', {}, h('dt', {}, k),
        h('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v)))));
}

function backtestFacts(s) {
  const cur = s.stake_currency || '';
  return facts([
    ['Strategy', s.strategy], ['Timerange', s.timerange], ['Timeframe', s.timeframe],
    ['From', fmtTime(s.backtest_start)], ['To', fmtTime(s.backtest_end)], ['Days', s.backtest_days],
    ['Starting balance', `${num(s.starting_balance)} ${cur}`], ['Final balance', `${num(s.final_balance)} ${cur}`],
    ['Profit', `${num(s.profit_abs)} ${cur} (${num(s.profit_pct)} %)`], ['Trades', s.trades],
    ['Wins / draws / losses', `${s.wins ?? '—'} / ${s.draws ?? '—'} / ${s.losses ?? '—'}`],
    ['Win rate', `${num(s.win_rate_pct)} %`], ['Max drawdown', `${num(s.max_drawdown_account_pct)} %`],
    ['Sharpe', num(s.sharpe)], ['Sortino', num(s.sortino)], ['Calmar', num(s.calmar)],
    ['Profit factor', num(s.profit_factor)], ['CAGR', num(s.cagr, 4)], ['Expectancy', num(s.expectancy, 4)],
    ['Trades per day', num(s.trades_per_day)], ['Average holding', s.holding_avg],
  ], 'backtest-summary');
}

function pairsTable(s) {
  return dataTable([
    { label: 'Pair', cell: p => p.pair }, { label: 'Trades', num: true, cell: p => p.trades },
    { label: `Profit ${s.stake_currency || ''}`, num: true, cell: p => num(p.profit_abs) },
    { label: 'Profit %', num: true, cell: p => num(p.profit_pct) },
    { label: 'Win rate %', num: true, cell: p => num(p.win_rate_pct) },
    { label: 'Avg duration', cell: p => p.duration_avg || '' },
  ], s.pairs || []);
}

// --------------------------------------------------------------------------------------------------- comparison

function renderCompare(root, ids) {
  const status = h('p', { class: 'muted', dataset: { testid: 'compare-status' } }, 'Loading…');
  const tableBox = h('div', { dataset: { testid: 'compare-table' } });
  const chartBox = h('div', { class: 'chart', dataset: { testid: 'compare-chart' } });
  let chart = null;
  let gone = false;
  root.append(h('section', {},
    h('p', {}, h('a', { href: '#/jobs' }, '← Jobs')),
    h('h1', {}, `Compare backtests ${ids.map(i => `#${i}`).join(', ')}`),
    status,
    h('div', { class: 'card' }, h('h2', {}, 'Metrics'), tableBox),
    h('div', { class: 'card' }, h('h2', {}, 'Equity curves'), chartBox)));

  (async () => {
    let cmp;
    try {
      cmp = await api('GET', `/api/v1/backtests/compare?ids=${ids.join(',')}`);
    } catch (err) {
      status.textContent = problemText(err);
      status.className = 'error';
      return;
    }
    status.textContent = '';
    const rows = [
      ...['strategy', 'timerange', 'timeframe', 'stake_amount', 'dry_run_wallet'].map(k => ({ key: k, label: k
        .replace(/_/g, ' ') })),
      { key: 'pairs', label: 'pairs' },
      ...cmp.metrics.map(m => ({ key: m, label: METRIC_LABELS[m] || m, metric: true })),
    ];
    setChildren(tableBox, dataTable([
      { label: 'Metric', cell: r => r.label },
      ...cmp.runs.map(run => ({ label: h('a', { href: `#/jobs/${run.id}` }, `#${run.id}`), num: true, cell: r => {
        const v = run[r.key];
        const text = r.metric ? num(v) : Array.isArray(v) ? v.join(', ') : (v ?? '—');
        return cmp.best[r.key] === run.id ? h('strong', { class: 'best', title: 'best' }, text) : text;
      } })),
    ], rows, r => ({ dataset: { testid: `compare-row-${r.key}` } })));
    try {
      const results = await Promise.all(cmp.runs.map(run => api('GET', `/api/v1/backtests/${run.id}/result`)));
      if (gone) return;
      chart = equityChart(chartBox, cmp.runs.map((run, i) => ({ label: `#${run.id} ${run.strategy || ''}`,
        points: equitySeries(results[i], run.strategy) })), '');
    } catch (err) {
      setChildren(chartBox, h('p', { class: 'error' }, problemText(err)));
    }
  })();
  return () => {
    gone = true;
    if (chart) chart.destroy();
  };
}
