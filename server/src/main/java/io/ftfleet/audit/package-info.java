/**
 * The domain audit trail: one append-only, hash-chained entry per state-changing or refused action, written by
 * listening for {@link io.ftfleet.core.AuditableEvent}s (no module calls this one), plus query, export and chain
 * verification routes.
 */
package io.ftfleet.audit;
