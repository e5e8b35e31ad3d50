// Strategies: the list with the bots running each, one strategy's versions, its validation report, a side-by-side
// diff between two versions, and uploading a new strategy or version (pasted or from a .py/.md file).
import { api } from '../api.js';
import { h, clear, fmtTime, showError, busy } from '../dom.js';
import { diffLines, sideBySide, lines, stats } from '../diff.js';
import {
  canWrite, problemText, field, input, select, dataTable, setChildren,
} from './_kit.js';

const base = '/api/v1/strategies';

export default {
  title: 'Strategies',
  render(root, params) {
    return params && params.id ? renderOne(root, params.id) : renderList(root);
  },
};

async function loadBots() {
  // Bots the caller can see; their strategy and pinned version tell which bots run which version.
  const bots = await api('GET', '/api/v1/bots?limit=1000');
  return Array.isArray(bots) ? bots : (bots && bots.items) || [];
}

function renderList(root) {
  const status = h('p', { class: 'muted', dataset: { testid: 'strategies-status' } }, 'Loading…');
  const listBox = h('div', { dataset: { testid: 'strategy-list' } });
  const page = h('section', {},
    h('h1', {}, 'Strategies'),
    canWrite() ? uploadCard({
      title: 'New strategy',
      submitLabel: 'Create strategy',
      save: body => api('POST', `${base}/`, body),
      saved: s => { location.hash = `#/strategies/${encodeURIComponent(s.class_name)}`; },
    }) : null,
    h('div', { class: 'card' }, h('h2', {}, 'All strategies'), status, listBox));
  root.append(page);

  Promise.all([api('GET', `${base}/`), loadBots().catch(() => [])]).then(([names, bots]) => {
    status.textContent = names.length ? `${names.length} strategies` : '';
    const byStrategy = groupBots(bots);
    setChildren(listBox, dataTable([
      { label: 'Strategy', cell: n => h('a', { href: `#/strategies/${encodeURIComponent(n)}` }, n) },
      { label: 'Bots running it', cell: n => botLinks(byStrategy.get(n) || []) },
    ], names, n => ({ dataset: { testid: `strategy-row-${n}` } }), 'No strategies yet.'));
    performance.mark('strategies-rendered'); // read by the page-load measurement (docs/BENCHMARKS.md)
  }).catch(err => {
    status.textContent = problemText(err);
    status.className = 'error';
  });
}

function groupBots(bots) {
  const by = new Map();
  for (const b of bots) {
    if (!b.strategy_name) continue;
    if (!by.has(b.strategy_name)) by.set(b.strategy_name, []);
    by.get(b.strategy_name).push(b);
  }
  return by;
}

function botLinks(bots) {
  if (!bots.length) return h('span', { class: 'muted' }, 'none');
  return h('span', {}, ...bots.flatMap((b, i) => [i ? ', ' : '', h('a', { href: `#/bots/${b.id}` }, b.name)]));
}

/**
 * A form to paste code or pick a .py/.md file, with a note; "Check" validates without saving. `save(body)` stores it.
 */
function uploadCard({ title, submitLabel, save, saved, initialCode = '' }) {
  const code = h('textarea', { name: 'code', rows: 12, class: 'code-input', dataset: { testid: 'strategy-code' },
    value: initialCode });
  code.spellcheck = false;
  const file = h('input', { type: 'file', accept: '.py,.md,text/x-python,text/markdown',
    dataset: { testid: 'strategy-file' } });
  const note = input('note', { placeholder: 'What changed (optional)', maxLength: 500 });
  const result = h('div', { dataset: { testid: 'upload-result' }, 'aria-live': 'polite' });
  const checkBtn = h('button', { type: 'button', class: 'btn', dataset: { testid: 'strategy-check' } }, 'Check');
  const saveBtn = h('button', { type: 'submit', class: 'btn primary', dataset: { testid: 'strategy-save' } },
    submitLabel);
  const form = h('form', { class: 'stack', noValidate: true },
    field('Code (paste it, or choose a file)', code),
    field('File (.py or a .md with a python block)', file),
    field('Note', note),
    h('div', { class: 'row' }, checkBtn, saveBtn),
    result);

  file.onchange = async () => {
    const f = file.files[0];
    if (!f) return;
    showError(form, null);
    try {
      if (f.name.toLowerCase().endsWith('.md')) {
        // The server extracts the python block (nothing is saved), as the original's upload did.
        const data = new FormData();
        data.append('file', f);
        code.value = (await api('POST', `${base}/upload_md`, data)).code;
      } else {
        code.value = await f.text();
      }
    } catch (err) {
      showError(form, err);
    }
  };

  checkBtn.onclick = () => busy(checkBtn, async () => {
    showError(form, null);
    clear(result);
    try {
      // The original's answer shape, with the typed report under `report`.
      const analyzed = await api('POST', `${base}/analyze`, { code: code.value });
      result.append(reportView(analyzed.report));
    } catch (err) {
      showError(form, err);
    }
  });

  form.onsubmit = ev => {
    ev.preventDefault();
    busy(saveBtn, async () => {
      showError(form, null);
      clear(result);
      try {
        const s = await save({ code: code.value, note: note.value.trim() || null });
        result.append(h('p', { class: s.valid ? 'ok' : 'error', dataset: { testid: 'saved-version' } },
          `${s.message}: ${s.class_name} version ${s.version}${s.valid ? '' : ' (does not validate)'}`),
        ...(s.errors || []).map(e => h('p', { class: 'error' }, e)));
        note.value = '';
        saved(s);
      } catch (err) {
        showError(form, err);
      }
    });
  };
  return h('div', { class: 'card', dataset: { testid: 'strategy-upload' } }, h('h2', {}, title), form);
}

function renderOne(root, name) {
  const enc = encodeURIComponent(name);
  const status = h('p', { class: 'muted' }, 'Loading…');
  const versionsBox = h('div', { dataset: { testid: 'strategy-versions' } });
  const botsBox = h('div', { dataset: { testid: 'strategy-bots' } });
  const viewBox = h('div', { dataset: { testid: 'strategy-view' } });
  const diffBox = h('div', { dataset: { testid: 'strategy-diff' } });
  const fromSel = select('from', [], null, { dataset: { testid: 'diff-from' } });
  const toSel = select('to', [], null, { dataset: { testid: 'diff-to' } });
  const diffBtn = h('button', { type: 'button', class: 'btn', dataset: { testid: 'diff-show' } }, 'Show diff');
  const diffError = h('p', { class: 'error', hidden: true });
  let versions = [];
  const codeCache = new Map();

  const versionCode = async v => {
    if (!codeCache.has(v)) codeCache.set(v, api('GET', `${base}/${enc}/versions/${v}`));
    return codeCache.get(v);
  };

  const page = h('section', {},
    h('p', {}, h('a', { href: '#/strategies' }, '← Strategies')),
    h('h1', {}, name),
    status,
    h('div', { class: 'card' }, h('h2', {}, 'Versions'), versionsBox),
    h('div', { class: 'card' }, h('h2', {}, 'Bots running it'), botsBox),
    h('div', { class: 'card' }, h('h2', {}, 'Compare two versions'),
      h('div', { class: 'row' }, field('From', fromSel), field('To', toSel), diffBtn), diffError, diffBox),
    h('div', { class: 'card' }, viewBox),
    canWrite() ? uploadCard({
      title: 'Upload a new version',
      submitLabel: 'Save as new version',
      save: body => api('PUT', `${base}/${enc}`, body),
      saved: () => load(),
    }) : null);
  root.append(page);

  diffBtn.onclick = () => busy(diffBtn, async () => {
    diffError.hidden = true;
    try {
      const [a, b] = await Promise.all([versionCode(fromSel.value), versionCode(toSel.value)]);
      setChildren(diffBox, diffView(a, b));
    } catch (err) {
      diffError.textContent = problemText(err);
      diffError.hidden = false;
    }
  });

  async function show(v) {
    setChildren(viewBox, h('p', { class: 'muted' }, 'Loading…'));
    try {
      const d = await versionCode(v);
      setChildren(viewBox,
        h('h2', {}, `Version ${d.version}${d.current ? ' (current)' : ''}`),
        h('p', { class: 'muted' }, `${d.author || 'unknown'} · ${fmtTime(d.created_at)}${d.note ? ` · ${d.note}` : ''}`),
        reportView(d.report),
        h('details', {}, h('summary', {}, 'Code'), h('pre', { class: 'code', dataset: { testid: 'strategy-source' } },
          d.code)));
    } catch (err) {
      setChildren(viewBox, h('p', { class: 'error' }, problemText(err)));
    }
  }

  async function load() {
    codeCache.clear();
    try {
      const [vs, bots] = await Promise.all([api('GET', `${base}/${enc}/versions`), loadBots().catch(() => [])]);
      versions = vs;
      status.textContent = '';
      const current = vs.find(v => v.current);
      const byId = new Map(vs.map(v => [v.id, v.version]));
      setChildren(versionsBox, dataTable([
        { label: 'Version', num: true, cell: v => `v${v.version}${v.current ? ' ★' : ''}` },
        { label: 'Author', cell: v => v.author || '—' },
        { label: 'Saved', cell: v => fmtTime(v.created_at) },
        { label: 'Note', cell: v => v.note || '' },
        { label: 'Valid', cell: v => h('span', { class: `badge ${v.valid ? 'state-running' : 'state-crashed'}` },
          v.valid ? 'valid' : 'invalid') },
        { label: '', cell: v => h('span', { class: 'row' },
          h('button', { type: 'button', class: 'btn', onclick: () => show(v.version),
            dataset: { testid: `version-view-${v.version}` } }, 'View'),
          canWrite() && !v.current ? h('button', { type: 'button', class: 'btn',
            dataset: { testid: `version-current-${v.version}` },
            onclick: ev => makeCurrent(ev.currentTarget, v.version) }, 'Make current') : null) },
      ], [...vs].reverse(), v => ({ dataset: { testid: `version-row-${v.version}` } })));
      const opts = [...vs].reverse().map(v => [String(v.version), `v${v.version} · ${v.author || ''}`]);
      for (const [sel, pick] of [[fromSel, vs.length > 1 ? vs[vs.length - 2] : vs[0]], [toSel, vs[vs.length - 1]]]) {
        setChildren(sel, ...opts.map(([val, label]) => h('option', { value: val }, label)));
        if (pick) sel.value = String(pick.version);
      }
      const running = bots.filter(b => b.strategy_name === name);
      setChildren(botsBox, dataTable([
        { label: 'Bot', cell: b => h('a', { href: `#/bots/${b.id}` }, b.name) },
        { label: 'Version', cell: b => b.strategy_version_id
          ? `v${byId.get(b.strategy_version_id) ?? '?'}` : `current${current ? ` (v${current.version})` : ''}` },
        { label: 'State', cell: b => h('span', { class: `badge state-${b.observed_state}` }, b.observed_state || '—') },
      ], running, b => ({ dataset: { testid: `strategy-bot-${b.id}` } }), 'No bot runs this strategy.'));
      if (current) show(current.version);
    } catch (err) {
      status.textContent = problemText(err);
      status.className = 'error';
    }
  }

  async function makeCurrent(button, version) {
    await busy(button, async () => {
      try {
        await api('PUT', `${base}/${enc}/current`, { version });
        await load();
      } catch (err) {
        button.after(h('span', { class: 'field-error' }, problemText(err)));
      }
    });
  }

  load();
}

/** The validation report: verdict, errors and warnings with their lines, what could be read statically. */
function reportView(r) {
  if (!r) return h('p', { class: 'muted' }, 'No report.');
  const findings = (list, cls) => (list || []).map(f =>
    h('li', { class: cls }, `line ${f.line}${f.column ? `:${f.column}` : ''} — ${f.message}`));
  const facts = [
    ['Class', r.class_name], ['Interface version', r.interface_version], ['Timeframe', r.timeframe],
    ['Stoploss', r.stoploss], ['Can short', r.can_short], ['Startup candles', r.startup_candle_count],
    ['FreqAI', r.freqai ? 'yes' : 'no'],
    ['Minimal ROI', r.minimal_roi ? Object.entries(r.minimal_roi).map(([k, v]) => `${k}: ${v}`).join(', ')
      : r.minimal_roi_present ? 'not a literal' : null],
    ['Methods', (r.methods || []).join(', ')],
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');
  return h('div', { class: 'report', dataset: { testid: 'validation-report' } },
    h('p', {}, h('span', { class: `badge ${r.valid ? 'state-running' : 'state-crashed'}`,
      dataset: { testid: 'report-verdict' } }, r.valid ? 'valid' : 'invalid')),
    r.errors && r.errors.length ? h('ul', { class: 'findings' }, ...findings(r.errors, 'error')) : null,
    r.warnings && r.warnings.length ? h('ul', { class: 'findings' }, ...findings(r.warnings, 'warning')) : null,
    h('dl', { class: 'facts' }, ...facts.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, String(v))))),
    r.parameters && r.parameters.length ? dataTable([
      { label: 'Parameter', cell: p => p.name }, { label: 'Type', cell: p => p.type },
      { label: 'Space', cell: p => p.space || '' }, { label: 'Default', cell: p => p.default_value ?? '' },
      { label: 'Range', cell: p => p.options ? p.options.join(' | ') : `${p.low ?? ''} … ${p.high ?? ''}` },
      { label: 'Optimize', cell: p => (p.optimize ? 'yes' : 'no') },
    ], r.parameters) : null);
}

/** Two versions side by side: removed lines on the left, added on the right, unchanged context between. */
function diffView(a, b) {
  const ops = diffLines(lines(a.code), lines(b.code));
  const rows = sideBySide(ops);
  const { added, removed } = stats(ops);
  const side = (cell, cls) => cell
    ? [h('td', { class: `ln ${cls}` }, String(cell.num)), h('td', { class: `src ${cls}` }, cell.text)]
    : [h('td', { class: 'ln empty' }), h('td', { class: 'src empty' })];
  return h('div', {},
    h('p', { dataset: { testid: 'diff-stats' } },
      `v${a.version} → v${b.version}: `, h('span', { class: 'diff-added' }, `+${added}`), ' ',
      h('span', { class: 'diff-removed' }, `−${removed}`), added || removed ? '' : ' (identical)'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'diff' },
      h('thead', {}, h('tr', {}, h('th', { colSpan: 2, scope: 'col' }, `v${a.version}`),
        h('th', { colSpan: 2, scope: 'col' }, `v${b.version}`))),
      h('tbody', {}, ...rows.map(r => h('tr', { class: `diff-${r.kind}`, dataset: { kind: r.kind } },
        ...side(r.left, r.kind === 'eq' ? '' : 'old'), ...side(r.right, r.kind === 'eq' ? '' : 'new')))))));
}
