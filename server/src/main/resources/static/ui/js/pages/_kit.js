// Small helpers shared by the research pages (strategies, jobs, audit, users), on top of the shell's dom.js.
import { h, clear } from '../dom.js';
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

/**
 * Shows an error inside `form`: each field violation under the input whose `name` matches (dots allowed), and the
 * `detail` in the form's `[data-role=form-error]` box (created at the top when missing). Returns nothing.
 */
export function showFormError(form, err) {
  clearFormErrors(form);
  let box = form.querySelector('[data-role=form-error]');
  if (!box) {
    box = h('p', { class: 'error', role: 'alert', dataset: { role: 'form-error', testid: 'form-error' } });
    form.prepend(box);
  }
  box.textContent = problemText(err);
  const errors = (err instanceof ProblemError && err.errors) || [];
  for (const { field, message } of errors) {
    const input = form.querySelector(`[name="${CSS.escape(field)}"]`)
      || form.querySelector(`[name="${CSS.escape(String(field).split('.')[0])}"]`);
    if (!input) continue;
    input.setAttribute('aria-invalid', 'true');
    const note = h('span', { class: 'field-error', dataset: { role: 'field-error', testid: `error-${field}` } },
      message);
    (input.closest('label') || input).after(note);
  }
}

export function clearFormErrors(form) {
  form.querySelectorAll('[data-role=field-error]').forEach(e => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
  const box = form.querySelector('[data-role=form-error]');
  if (box) box.textContent = '';
}

/** Shows `err` in (or as) the element `box`, which sits next to the control that caused it. */
export function showInlineError(box, err) {
  box.textContent = problemText(err);
  box.hidden = false;
}

/** Disables `button` (and marks it busy) while `work()` runs; returns its result. */
export async function busy(button, work) {
  const label = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = label;
  }
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

/**
 * A table in a horizontally scrolling wrapper. `columns`: `[{label, cell: row => Node|string, num: bool}]`;
 * `rowAttrs(row)` gives extra attributes for the `<tr>` (e.g. a test id).
 */
export function dataTable(columns, rows, rowAttrs = () => ({}), empty = 'Nothing yet.') {
  const head = h('thead', {}, h('tr', {}, ...columns.map(c => h('th', { scope: 'col', class: c.num ? 'num' : '' },
    c.label))));
  const body = h('tbody', {}, ...rows.map(r => h('tr', rowAttrs(r), ...columns.map(c => {
    const v = c.cell(r);
    return h('td', { class: c.num ? 'num' : '' }, v === null || v === undefined ? '' : v);
  }))));
  if (!rows.length) {
    body.append(h('tr', {}, h('td', { colSpan: columns.length, class: 'muted' }, empty)));
  }
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table' }, head, body));
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
