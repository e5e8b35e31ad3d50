// Equity curves of backtests, drawn on one chart with the shell's uPlot helper.
import { h, clear } from '../dom.js';
import { lineChart } from '../chart.js';

/**
 * Equity after each closed trade of a Freqtrade backtest result: `[[unix seconds, balance], ...]`, starting at the
 * backtest's start with the starting balance. `strategy` picks the strategy inside the result (else the first).
 */
export function equitySeries(result, strategy) {
  const all = (result && result.strategy) || {};
  const s = all[strategy] || Object.values(all)[0];
  if (!s) return [];
  let balance = Number(s.starting_balance ?? s.dry_run_wallet ?? 0);
  const start = s.backtest_start_ts ?? (s.backtest_start ? Date.parse(s.backtest_start) : null);
  const points = [];
  if (start) points.push([Math.floor(start / 1000), balance]);
  const trades = [...(s.trades || [])].sort((a, b) => closeMs(a) - closeMs(b));
  for (const t of trades) {
    balance += Number(t.profit_abs || 0);
    points.push([Math.floor(closeMs(t) / 1000), Math.round(balance * 1e8) / 1e8]);
  }
  return points;
}

function closeMs(t) {
  return t.close_timestamp ?? Date.parse(t.close_date);
}

/**
 * Draws `series` (`[{label, points}]`) with the shell's lineChart. An equity curve is a step function, so every curve
 * gets a point at every time of the shared axis carrying its last balance: no gaps, no invented slopes.
 */
export function equityChart(box, series, currency) {
  clear(box);
  const nonEmpty = series.filter(s => s.points.length);
  if (!nonEmpty.length) {
    box.append(h('p', { class: 'muted' }, 'No closed trades to draw.'));
    return null;
  }
  const xs = [...new Set(nonEmpty.flatMap(s => s.points.map(p => p[0])))].sort((a, b) => a - b);
  const aligned = nonEmpty.map(s => {
    let i = 0;
    let last = null;
    const points = [];
    for (const x of xs) {
      while (i < s.points.length && s.points[i][0] <= x) last = s.points[i++][1];
      if (last !== null) points.push([x, last]);
    }
    return { label: s.label, points };
  });
  box.dataset.series = String(aligned.length);
  return lineChart(box, { series: aligned, yLabel: currency || '', height: 300 });
}
