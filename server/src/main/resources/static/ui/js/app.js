// Boot: restore the session from the refresh cookie (or show the sign-in screen), draw the top bar with the
// navigation, and route hash changes to page modules.

import { login, logout, refresh, onSessionExpired, ProblemError } from './api.js';
import { h, clear, showError } from './dom.js';
import { onStatus, startLive, stopLive } from './live.js';
import { resolve, nav } from './routes.js';
import { currentUser, hasRole, setCurrentUser } from './session.js';

const root = document.getElementById('app');
let main = null;
let cleanup = null;
let navLinks = [];
let renderSeq = 0;

async function boot() {
  try {
    const body = await refresh();
    signedIn(body.user);
  } catch {
    showSignIn();
  }
}

function signedIn(user) {
  setCurrentUser(user);
  startLive();
  drawShell();
  route();
}

function showSignIn(message) {
  stopCurrentPage();
  stopLive();
  setCurrentUser(null);
  const username = h('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true,
    'data-testid': 'login-username' });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', required: true,
    autocomplete: 'current-password', 'data-testid': 'login-password' });
  const submit = h('button', { class: 'btn primary', type: 'submit', 'data-testid': 'login-submit' }, 'Sign in');
  const form = h('form', { class: 'card signin', 'data-testid': 'login-form' },
    h('h1', {}, 'FT Fleet'),
    message ? h('p', { class: 'muted' }, message) : null,
    h('div', { class: 'field' }, h('label', { for: 'login-username' }, 'Username'), username),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, 'Password'), password),
    submit);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    showError(form, null);
    submit.disabled = true;
    try {
      const body = await login(username.value, password.value);
      signedIn(body.user);
    } catch (err) {
      showError(form, err instanceof ProblemError ? err : new ProblemError(0, { detail: String(err.message || err) }));
      password.select();
    } finally {
      submit.disabled = false;
    }
  });
  clear(root).append(h('main', { class: 'page' }, form));
  username.focus();
}

function drawShell() {
  const user = currentUser();
  navLinks = nav.filter(n => hasRole(n.role)).map(n =>
    h('a', { href: n.href, 'data-testid': `nav-${n.label.toLowerCase()}`, dataset: { match: n.match.source } }, n.label));
  const dot = h('span', { class: 'live-dot', 'data-testid': 'live-status', title: 'live updates' });
  onStatus(s => {
    dot.className = `live-dot ${s}`;
    dot.title = s === 'connected' ? 'live updates on' : s === 'lost' ? 'live updates lost, reconnecting' : 'live updates off';
    dot.dataset.status = s;
  });
  const signOut = h('button', { class: 'btn small', type: 'button', 'data-testid': 'logout' }, 'Sign out');
  signOut.addEventListener('click', async () => {
    signOut.disabled = true;
    try { await logout(); } catch { /* the token is forgotten either way */ }
    showSignIn('Signed out.');
  });
  const header = h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: '#/' }, 'FT Fleet'),
    h('nav', { class: 'nav', 'aria-label': 'main' }, navLinks),
    h('div', { class: 'userbox' }, dot,
      h('span', { class: 'muted', 'data-testid': 'whoami' }, `${user.username} (${user.role})`), signOut));
  main = h('main', { id: 'main', tabIndex: -1 });
  clear(root).append(header, main);
}

function stopCurrentPage() {
  if (typeof cleanup === 'function') {
    try { cleanup(); } catch (e) { console.error('page cleanup', e); }
  }
  cleanup = null;
}

async function route() {
  if (!currentUser() || !main) return;
  const seq = ++renderSeq;
  const { path, route: found, params, query } = resolve(location.hash);
  for (const a of navLinks) {
    if (new RegExp(a.dataset.match).test(path)) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  stopCurrentPage();
  const pageRoot = h('div', { class: 'page', 'data-testid': 'page' });
  clear(main).append(pageRoot);
  if (!found) {
    pageRoot.append(h('h1', {}, 'Not found'), h('p', {}, 'No page here. ', h('a', { href: '#/' }, 'Back to the fleet')));
    return;
  }
  let page;
  try {
    page = (await found.page()).default;
  } catch (e) {
    if (seq !== renderSeq) return;
    pageRoot.append(h('h1', {}, 'Page unavailable'));
    showError(pageRoot, new ProblemError(0, { detail: `This page could not be loaded: ${e.message}` }));
    return;
  }
  if (seq !== renderSeq) return;
  document.title = `${page.title || 'FT Fleet'} · FT Fleet`;
  try {
    const result = await page.render(pageRoot, params, query);
    if (seq !== renderSeq) {
      if (typeof result === 'function') result();
      return;
    }
    cleanup = result;
  } catch (e) {
    if (seq === renderSeq) showError(pageRoot, e);
  }
}

window.addEventListener('hashchange', route);
onSessionExpired(() => showSignIn('Your session ended; please sign in again.'));
boot();
