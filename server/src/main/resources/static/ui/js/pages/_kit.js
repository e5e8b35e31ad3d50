// Small helpers shared by the research pages (strategies, jobs, audit, users), on top of the shell's dom.js
// (errors next to their cause: dom.showError; buttons busy while working: dom.busy).
import { h, clear, table } from '../dom.js';
import { ProblemError } from '../api.js';
import { hasRole } from '../session.js';

/** Operators and admins may change things; viewers get no write controls at all (the API refuses them anyway). */
export function canWrite() {
  return hasRole('operator');
}

/** The human sentence of an error: the ProblemDetail `detail`, else its title, else the message. */
export function problemText(err) {
  if (err instanceof ProblemError) return err.detail || err.title || `HTTP ${err.status}`;
  return (err && err.message) || String(err);
}

/** A labelled input: `field('Pairs', {name: 'pairs', ...})`. The label wraps the control (no ids needed). */
export function field(label, control, hint) {
  return h('label', { class: 'field' }, h('span', {}, label), control,
    hint ? h('small', { class: 'muted' }, hint) : null);
}

export function input(name, attrs = {}) {
  return h('input', { name, type: 'text', dataset: { testid: `input-${name}` }, ...attrs });
}

export function select(name, options, value, attrs = {}) {
  const s = h('select', { name, dataset: { testid: `input-${name}` }, ...attrs },
    ...options.map(o => {
      const [v, label] = Array.isArray(o) ? o : [o, o];
      return h('option', { value: v }, label);
    }));
  if (value !== undefined && value !== null) s.value = String(value);
  return s;
}

/** The shell's table() with this module's column shorthand: `num: true` right-aligns a column. */
export function dataTable(columns, rows, rowAttrs, empty) {
  return table(columns.map(c => (c.num ? { ...c, class: 'num' } : c)), rows, { rowAttrs, empty });
}

/** Saves `text` as a file named `filename` (a Blob URL: no server round trip, nothing inline). */
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Numbers for tables: fixed decimals, '—' when absent. */
export function num(v, digits = 2) {
  if (v === null || v === undefined || v === '') return '—';
  const n = Number(v);
  return Number.isFinite(n) ? n.toLocaleString(undefined, { maximumFractionDigits: digits,
    minimumFractionDigits: Math.min(digits, Number.isInteger(n) ? 0 : digits) }) : String(v);
}

/** Splits "BTC/USDT, ETH/USDT" or "BTC/USDT ETH/USDT" into a list. */
export function words(text) {
  return String(text || '').split(/[\s,]+/).map(s => s.trim()).filter(Boolean);
}

/** Reads a form's named controls into an object, leaving out blank values (the server then uses its defaults). */
export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === 'checkbox') {
      if (el.checked) (out[el.name] ||= []).push(el.value);
      continue;
    }
    const v = el.value.trim();
    if (v !== '') out[el.name] = v;
  }
  return out;
}

export function setChildren(el, ...children) {
  clear(el);
  el.append(...children.filter(c => c !== null && c !== undefined && c !== false));
}

/** Runs `fn` at most once per `ms`, the last call winning (live events can come in bursts). */
export function debounce(fn, ms) {
  let timer = null;
  const run = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  run.cancel = () => clearTimeout(timer);
  return run;
}
