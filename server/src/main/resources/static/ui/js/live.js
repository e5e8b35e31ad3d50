// One shared WebSocket to /api/v1/ws for every page. It authenticates with a first {"type":"auth"} message (the
// token never goes into the URL), reconnects with back-off, and refreshes the access token first when the server
// closed the socket because the token expired (4401) or was refused (1008).

import { getToken, refresh } from './api.js';

const handlers = new Map(); // type or '*' -> Set of handlers
const statusListeners = new Set();
let socket = null;
let wanted = false;
let retryDelay = 1000;
let retryTimer = null;
let status = 'idle';

function setStatus(s) {
  status = s;
  statusListeners.forEach(cb => cb(s));
}

function dispatch(event) {
  for (const key of [event.type, '*']) {
    const set = handlers.get(key);
    if (set) set.forEach(h => { try { h(event); } catch (e) { console.error('live handler', e); } });
  }
}

function connect() {
  if (!wanted || socket) return;
  const token = getToken();
  if (!token) return;
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${proto}//${location.host}/api/v1/ws`);
  socket = ws;
  ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token }));
  ws.onmessage = msg => {
    let event;
    try { event = JSON.parse(msg.data); } catch { return; }
    if (event.type === 'connected') {
      retryDelay = 1000;
      setStatus('connected');
    }
    dispatch(event);
  };
  ws.onclose = async close => {
    socket = null;
    if (!wanted) return;
    setStatus('lost');
    if (close.code === 4401 || close.code === 1008) {
      try { await refresh(); } catch { /* the API calls will notice and show the sign-in screen */ }
    }
    retryTimer = setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  };
}

/** Opens the shared socket (after sign-in). */
export function startLive() {
  wanted = true;
  connect();
}

/** Closes it (sign-out). */
export function stopLive() {
  wanted = false;
  clearTimeout(retryTimer);
  if (socket) socket.close(1000, 'signed out');
  socket = null;
  setStatus('idle');
}

/** Calls handler(event) for events of `type` ('*' for all); returns the unsubscribe function. */
export function onEvent(type, handler) {
  if (!handlers.has(type)) handlers.set(type, new Set());
  handlers.get(type).add(handler);
  return () => handlers.get(type)?.delete(handler);
}

/** Calls cb('connected' | 'lost' | 'idle') now and on every change; returns the unsubscribe function. */
export function onStatus(cb) {
  statusListeners.add(cb);
  cb(status);
  return () => statusListeners.delete(cb);
}
