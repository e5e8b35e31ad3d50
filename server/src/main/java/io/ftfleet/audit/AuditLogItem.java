package io.ftfleet.audit;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One entry as the API shows it: the original's AuditLogItem fields first ({@code id}, {@code created_at},
 * {@code username}, {@code ip_address}, {@code http_method}, {@code path}, {@code status_code}), then FT Fleet's.
 * {@code changes}, {@code before} and {@code after} are read from the stored details (null when absent).
 */
record AuditLogItem(long id, Instant createdAt, String username, String ipAddress, String httpMethod, String path,
        int statusCode, String action, Long actorId, String actorRole, String requestId, String targetType,
        String targetId, String outcome, String reason, JsonNode changes, JsonNode before, JsonNode after,
        String hash, String prevHash) {
}
