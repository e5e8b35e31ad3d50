// Hash routes → page modules (loaded with dynamic import(), so a page that does not exist yet only fails when
// navigated to). More specific patterns come first. A page module: export default {title, render(root, params,
// query)}; render may return a cleanup function, called on navigation away.

export const routes = [
  { pattern: '/', page: () => import('./pages/fleet.js') },
  { pattern: '/bots', page: () => import('./pages/bots.js') },
  { pattern: '/bots/new', page: () => import('./pages/botform.js') },
  { pattern: '/bots/:id/edit', page: () => import('./pages/botform.js') },
  { pattern: '/bots/:id', page: () => import('./pages/bot.js') },
  { pattern: '/strategies', page: () => import('./pages/strategies.js') },
  { pattern: '/strategies/:id', page: () => import('./pages/strategies.js') },
  { pattern: '/jobs', page: () => import('./pages/jobs.js') },
  { pattern: '/jobs/compare', page: () => import('./pages/jobs.js') },
  { pattern: '/jobs/:id', page: () => import('./pages/jobs.js') },
  { pattern: '/audit', page: () => import('./pages/audit.js') },
  { pattern: '/users', page: () => import('./pages/users.js') },
];

/** The navigation bar: label, hash, and the least role that sees it. */
export const nav = [
  { label: 'Fleet', href: '#/', role: 'viewer', match: /^\/$/ },
  { label: 'Bots', href: '#/bots', role: 'viewer', match: /^\/bots/ },
  { label: 'Strategies', href: '#/strategies', role: 'viewer', match: /^\/strategies/ },
  { label: 'Jobs', href: '#/jobs', role: 'viewer', match: /^\/jobs/ },
  { label: 'Audit', href: '#/audit', role: 'viewer', match: /^\/audit/ },
  { label: 'Users', href: '#/users', role: 'admin', match: /^\/users/ },
];

/** '#/bots/7?x=1' → {path: '/bots/7', route, params: {id: '7'}, query: URLSearchParams} (route null if none). */
export function resolve(hash) {
  const raw = (hash || '').replace(/^#/, '') || '/';
  const [path, search] = raw.split('?');
  const query = new URLSearchParams(search || '');
  const parts = path.split('/').filter(Boolean);
  for (const route of routes) {
    const want = route.pattern.split('/').filter(Boolean);
    if (want.length !== parts.length) continue;
    const params = {};
    const ok = want.every((w, i) => {
      if (w.startsWith(':')) { params[w.slice(1)] = decodeURIComponent(parts[i]); return true; }
      return w === parts[i];
    });
    if (ok) return { path: '/' + parts.join('/'), route, params, query };
  }
  return { path: '/' + parts.join('/'), route: null, params: {}, query };
}
