package io.ftfleet.audit;

import java.time.Instant;

/**
 * What to select; null fields do not filter. {@code from} is inclusive, {@code to} exclusive.
 *
 * @param actorId set for non-admins, who only ever see entries they are the actor of
 * @param actor   username of the actor
 * @param outcome lower case
 */
record AuditFilter(Long actorId, String actor, String action, String targetType, String targetId, String outcome,
        Instant from, Instant to) {

    AuditFilter onlyActor(long id) {
        return new AuditFilter(id, actor, action, targetType, targetId, outcome, from, to);
    }
}
