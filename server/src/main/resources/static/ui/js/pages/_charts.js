// Equity curves of backtests on one uPlot chart. uPlot comes from its WebJar and is loaded on first use only.
import { h, clear } from '../dom.js';

const UPLOT = '/webjars/uplot/1.6.30/dist/uPlot.esm.js'; // the WebJar in server/pom.xml
const COLORS = ['#2f7ed8', '#e4572e', '#29a36a', '#a05eb5', '#f0a202', '#17becf', '#7f7f7f', '#bcbd22'];

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
 * Draws `series` (`[{label, points}]`) into `box` and keeps it as wide as the box. Each curve is a step function,
 * so on the shared time axis a curve keeps its last balance until its next trade (no invented slopes).
 */
export async function equityChart(box, series, currency) {
  clear(box);
  const nonEmpty = series.filter(s => s.points.length);
  if (!nonEmpty.length) {
    box.append(h('p', { class: 'muted' }, 'No closed trades to draw.'));
    return null;
  }
  const { default: uPlot } = await import(UPLOT);
  const xs = [...new Set(nonEmpty.flatMap(s => s.points.map(p => p[0])))].sort((a, b) => a - b);
  const data = [xs, ...nonEmpty.map(s => {
    const ys = new Array(xs.length).fill(null);
    let i = 0;
    let last = null;
    xs.forEach((x, j) => {
      while (i < s.points.length && s.points[i][0] <= x) last = s.points[i++][1];
      ys[j] = last;
    });
    return ys;
  })];
  const width = () => Math.max(280, box.clientWidth || 600);
  const plot = new uPlot({
    width: width(),
    height: 300,
    scales: { x: { time: true } },
    axes: [{}, { label: currency || undefined, size: 70 }],
    series: [{}, ...nonEmpty.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], width: 2,
      paths: uPlot.paths && uPlot.paths.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined }))],
  }, data, box);
  const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: 300 }));
  resize.observe(box);
  box.dataset.series = String(nonEmpty.length);
  return { destroy() { resize.disconnect(); plot.destroy(); } };
}
