// Who is signed in. Set by app.js after sign-in or a refresh; the role decides which controls are shown
// (the API enforces the same rules anyway).

const RANK = { viewer: 1, operator: 2, admin: 3 };
let user = null;

export function setCurrentUser(u) {
  user = u ? { id: u.id, username: u.username, role: u.role || (u.is_superuser ? 'admin' : 'viewer') } : null;
}

/** {id, username, role} or null when signed out. */
export function currentUser() {
  return user;
}

/** True when the user's role is at least `role` (admin > operator > viewer). */
export function hasRole(role) {
  return !!user && (RANK[user.role] || 0) >= (RANK[role] || 99);
}
