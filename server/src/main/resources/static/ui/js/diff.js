// Line diff (Myers, "An O(ND) Difference Algorithm", 1986) and its side-by-side layout for the strategy pages.
// Pure functions, no DOM: the browser tests import this module and check the results against a plain LCS.

/**
 * The shortest edit script turning lines `a` into lines `b`: an array of
 * `{op: 'eq'|'del'|'ins', a: index in a or -1, b: index in b or -1, text}` in order.
 */
export function diffLines(a, b) {
  // Common head and tail cost nothing and make the quadratic worst case rarer.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head
      && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops = [];
  for (let i = 0; i < head; i++) ops.push({ op: 'eq', a: i, b: i, text: a[i] });
  const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  for (const m of middle) {
    ops.push({ op: m.op, a: m.a < 0 ? -1 : m.a + head, b: m.b < 0 ? -1 : m.b + head,
      text: m.op === 'ins' ? b[m.b + head] : a[m.a + head] });
  }
  for (let i = tail; i > 0; i--) {
    ops.push({ op: 'eq', a: a.length - i, b: b.length - i, text: a[a.length - i] });
  }
  return ops;
}

const MAX_EDITS = 2000;

function myers(a, b) {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) {
    return [...a.map((_, i) => ({ op: 'del', a: i, b: -1 })), ...b.map((_, j) => ({ op: 'ins', a: -1, b: j }))];
  }
  // Past MAX_EDITS the texts have little in common: show the middle as replaced rather than spend D² memory.
  const max = Math.min(n + m, MAX_EDITS);
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds v[-d..d] as it was before step d: enough to walk back, O(D²) memory instead of O(D·(N+M)).
  const trace = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(off - d, off + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x = (k === -d || (k !== d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[off + k] = x;
      if (x >= n && y >= m) return backtrack(trace, d, n, m);
    }
  }
  return [...a.map((_, i) => ({ op: 'del', a: i, b: -1 })), ...b.map((_, j) => ({ op: 'ins', a: -1, b: j }))];
}

function backtrack(trace, dEnd, n, m) {
  const ops = [];
  let x = n;
  let y = m;
  for (let d = dEnd; d > 0; d--) {
    const prev = trace[d];
    const at = k => prev[k + d];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) { x--; y--; ops.push({ op: 'eq', a: x, b: y }); }
    if (down) { y--; ops.push({ op: 'ins', a: -1, b: y }); }
    else { x--; ops.push({ op: 'del', a: x, b: -1 }); }
  }
  while (x > 0 && y > 0) { x--; y--; ops.push({ op: 'eq', a: x, b: y }); }
  return ops.reverse();
}

/**
 * Rows for a side-by-side view: `{left, right}` where each side is `{num, text}` (1-based line number) or null,
 * and `kind` is 'eq', 'del' (left only), 'ins' (right only) or 'mod' (a deleted line facing an inserted one).
 */
export function sideBySide(ops) {
  const rows = [];
  let dels = [];
  let inss = [];
  const flush = () => {
    for (let i = 0; i < Math.max(dels.length, inss.length); i++) {
      const l = dels[i];
      const r = inss[i];
      rows.push({
        kind: l && r ? 'mod' : l ? 'del' : 'ins',
        left: l ? { num: l.a + 1, text: l.text } : null,
        right: r ? { num: r.b + 1, text: r.text } : null,
      });
    }
    dels = [];
    inss = [];
  };
  for (const o of ops) {
    if (o.op === 'eq') {
      flush();
      rows.push({ kind: 'eq', left: { num: o.a + 1, text: o.text }, right: { num: o.b + 1, text: o.text } });
    } else if (o.op === 'del') {
      dels.push(o);
    } else {
      inss.push(o);
    }
  }
  flush();
  return rows;
}

/** Splits source text into lines the way an editor shows them (CRLF and LF; no phantom last line). */
export function lines(text) {
  if (!text) return [];
  const out = text.replace(/\r\n?/g, '\n').split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

/** Counts of added and removed lines, for a summary line above the diff. */
export function stats(ops) {
  let added = 0;
  let removed = 0;
  for (const o of ops) {
    if (o.op === 'ins') added++;
    else if (o.op === 'del') removed++;
  }
  return { added, removed };
}
