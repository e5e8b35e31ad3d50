package io.ftfleet.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain: {@code hash = SHA-256(canonical(row))}, where the canonical form covers every content field,
 * the row's id and the previous row's hash. Changing, removing or reordering any row breaks the chain from there.
 *
 * <p>The canonical form is a fixed field order, each value length-prefixed ({@code name=len:value}, or
 * {@code name=~} for null), so no two different rows serialize alike (no separator can be smuggled in a value)
 * and the form does not depend on JSON libraries or locale. Changing it breaks every stored chain: bump the
 * version tag and verify old rows with the old form instead.
 */
final class AuditChain {

    /** {@code prev_hash} of the first entry (also the chain head's value before any entry exists). */
    static final String GENESIS = "0".repeat(64);
    private static final String VERSION = "ftfleet-audit-v1";

    private AuditChain() {
    }

    static String canonical(AuditEntry e) {
        StringBuilder s = new StringBuilder(256).append(VERSION).append('\n');
        field(s, "id", Long.toString(e.id()));
        field(s, "created_at", e.createdAt() == null ? null : e.createdAt().toString());
        field(s, "actor_id", e.actorId() == null ? null : e.actorId().toString());
        field(s, "username", e.username());
        field(s, "actor_role", e.actorRole());
        field(s, "ip_address", e.ipAddress());
        field(s, "request_id", e.requestId());
        field(s, "http_method", e.httpMethod());
        field(s, "path", e.path());
        field(s, "status_code", Integer.toString(e.statusCode()));
        field(s, "action", e.action());
        field(s, "target_type", e.targetType());
        field(s, "target_id", e.targetId());
        field(s, "outcome", e.outcome());
        field(s, "reason", e.reason());
        field(s, "details", e.details());
        field(s, "prev_hash", e.prevHash());
        return s.toString();
    }

    /** The hash the row should carry; its own {@code hash} field is ignored. */
    static String hash(AuditEntry e) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical(e).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is required of every JVM", impossible);
        }
    }

    private static void field(StringBuilder s, String name, String value) {
        s.append(name).append('=');
        if (value == null) {
            s.append('~');
        } else {
            s.append(value.length()).append(':').append(value);
        }
        s.append('\n');
    }
}
