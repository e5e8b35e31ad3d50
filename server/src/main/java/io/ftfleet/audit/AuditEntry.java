package io.ftfleet.audit;

import java.time.Instant;

/**
 * One stored row of {@code audit_logs}. Every field except {@code hash} is covered by {@code hash}
 * (see {@link AuditChain#canonical}).
 *
 * @param actorId null when the system acted (start-up, schedulers)
 * @param outcome lower case: {@code success}, {@code denied}, {@code failed}
 * @param details JSON text exactly as stored (see {@link AuditDetails}); null when the event carried no snapshots
 */
record AuditEntry(long id, Instant createdAt, Long actorId, String username, String actorRole, String ipAddress,
        String requestId, String httpMethod, String path, int statusCode, String action, String targetType,
        String targetId, String outcome, String reason, String details, String prevHash, String hash) {

    AuditEntry withHash(String newHash) {
        return new AuditEntry(id, createdAt, actorId, username, actorRole, ipAddress, requestId, httpMethod, path,
                statusCode, action, targetType, targetId, outcome, reason, details, prevHash, newHash);
    }
}
