// HTTP access to the FT Fleet API. The access token lives in this module's memory only (never in localStorage or
// sessionStorage); the refresh token is an HttpOnly cookie scoped to /api/v1/auth/ui that script cannot read.
// On a 401 the request is retried once after a silent refresh through that cookie.

const UI_HEADER = { 'X-FTFleet-UI': '1' }; // the cookie routes require it (CSRF: a cross-site form cannot set it)

let accessToken = null;
let refreshing = null;
const expiredListeners = new Set();

/** A ProblemDetail answer as an Error: status, title, detail, errors [{field, message}] and the raw body. */
export class ProblemError extends Error {
  constructor(status, problem) {
    const p = problem && typeof problem === 'object' ? problem : {};
    super(p.detail || p.title || `HTTP ${status}`);
    this.name = 'ProblemError';
    this.status = status;
    this.title = p.title || '';
    this.detail = p.detail || p.title || `Request failed (HTTP ${status})`;
    this.code = p.code || null;
    this.errors = Array.isArray(p.errors)
      ? p.errors.map(e => ({ field: e.field || '', message: e.message || String(e) }))
      : [];
    this.problem = problem;
  }
}

export function getToken() {
  return accessToken;
}

/** Called when the session cannot be refreshed any more (the app shows the sign-in screen). */
export function onSessionExpired(cb) {
  expiredListeners.add(cb);
  return () => expiredListeners.delete(cb);
}

async function parse(res) {
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') || '';
  if (type.includes('json')) return res.json();
  const text = await res.text();
  return text === '' ? null : text;
}

async function fail(res) {
  let body = null;
  try { body = await parse(res); } catch { /* not JSON: keep the status */ }
  if (typeof body === 'string') body = { detail: body.slice(0, 300) };
  throw new ProblemError(res.status, body);
}

async function cookieCall(path) {
  const res = await fetch(path, { method: 'POST', headers: UI_HEADER, credentials: 'same-origin' });
  if (!res.ok) await fail(res);
  return parse(res);
}

/** Signs in with a password; sets the refresh cookie; returns {access_token, expires_in, user}. */
export async function login(username, password) {
  const res = await fetch('/api/v1/auth/ui/login', {
    method: 'POST', credentials: 'same-origin',
    headers: { ...UI_HEADER, 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) await fail(res);
  const body = await res.json();
  accessToken = body.access_token;
  return body;
}

/** A new access token from the refresh cookie (rotated); concurrent callers share one refresh. */
export function refresh() {
  if (!refreshing) {
    refreshing = cookieCall('/api/v1/auth/ui/refresh')
      .then(body => { accessToken = body.access_token; return body; })
      .catch(e => { accessToken = null; throw e; })
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

/** Ends the session on the server (access token and refresh cookie) and forgets the token here. */
export async function logout() {
  try {
    if (accessToken) await api('POST', '/api/v1/auth/ui/logout');
  } finally {
    accessToken = null;
  }
}

function encode(body) {
  if (body === undefined || body === null) return { body: undefined, type: null };
  if (body instanceof FormData || body instanceof Blob || body instanceof URLSearchParams) {
    return { body, type: null };
  }
  return { body: JSON.stringify(body), type: 'application/json' };
}

async function send(method, path, body, signal, accept) {
  const { body: payload, type } = encode(body);
  const headers = { Accept: accept || 'application/json, application/problem+json' };
  if (type) headers['Content-Type'] = type;
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  if (path.startsWith('/api/v1/auth/ui/')) Object.assign(headers, UI_HEADER);
  return fetch(path, { method, headers, body: payload, signal, credentials: 'same-origin' });
}

async function authorized(method, path, body, signal, accept) {
  let res = await send(method, path, body, signal, accept);
  if (res.status === 401) {
    try {
      await refresh();
    } catch {
      expiredListeners.forEach(cb => cb());
      await fail(res);
    }
    res = await send(method, path, body, signal, accept);
  }
  return res;
}

/** Calls the API: parsed JSON (null for 204); throws ProblemError for any non-2xx answer. */
export async function api(method, path, body) {
  const res = await authorized(method, path, body);
  if (!res.ok) await fail(res);
  return parse(res);
}

/**
 * Reads a text/event-stream with fetch and the Authorization header (never a token in a URL) and calls
 * onLine(data) for each `data:` line until the stream ends or signal aborts. Resolves when the stream ends.
 */
export async function apiStream(path, onLine, signal) {
  const res = await authorized('GET', path, undefined, signal, 'text/event-stream');
  if (!res.ok) await fail(res);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('data:')) onLine(line.slice(line.startsWith('data: ') ? 6 : 5));
      }
    }
  } catch (e) {
    if (e.name !== 'AbortError') throw e;
  } finally {
    reader.releaseLock?.();
  }
}
