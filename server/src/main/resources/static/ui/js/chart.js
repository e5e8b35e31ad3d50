// Time-series charts with uPlot (WebJar org.webjars.npm:uplot, served at /webjars/uplot/1.6.30/dist/).
// lineChart(el, {series: [{label, points: [[epochSeconds, value], ...]}], bars, yLabel}) → {update(series), destroy()}.
// Series may have different x values: they are merged on one x axis (gaps where a series has no point).

import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';

const COLORS = ['#1f6feb', '#e36209', '#2da44e', '#bf3989', '#8250df', '#a40e26', '#0a7ea4', '#7d4e00'];

function merge(series) {
  const xs = [...new Set(series.flatMap(s => s.points.map(p => p[0])))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const data = [xs];
  for (const s of series) {
    const ys = new Array(xs.length).fill(null);
    for (const [x, y] of s.points) ys[index.get(x)] = y;
    data.push(ys);
  }
  return data;
}

function cssVar(name, fallback) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export function lineChart(el, { series, bars = false, yLabel = '', height = 240 }) {
  el.classList.add('chart');
  const text = cssVar('--text', '#888');
  const grid = cssVar('--border', '#ccc');
  const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
  const opts = {
    width: Math.max(280, el.clientWidth || 600),
    height,
    scales: { x: { time: true } },
    axes: [{ ...axis }, { ...axis, label: yLabel, size: 70 }],
    series: [{}, ...series.map((s, i) => ({
      label: s.label,
      stroke: COLORS[i % COLORS.length],
      width: 2,
      spanGaps: true,
      fill: bars ? COLORS[i % COLORS.length] + '88' : undefined,
      paths: bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined,
    }))],
    legend: { show: series.length > 0 },
  };
  const plot = new uPlot(opts, merge(series), el);
  const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height }));
  resize.observe(el);
  return {
    update(next) { plot.setData(merge(next)); },
    destroy() { resize.disconnect(); plot.destroy(); },
  };
}
