package io.ftfleet.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AuditChainTests {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123456Z");

    static AuditEntry entry() {
        return new AuditEntry(7, AT, 1L, "admin", "admin", "127.0.0.1", "req-1", "POST", "/api/v1/users", 200,
                "user.created", "user", "42", "success", null, "{\"changes\":{}}", AuditChain.GENESIS, null);
    }

    @Test
    void canonicalFormIsAFixedLengthPrefixedFieldListEndingWithPrevHash() {
        assertThat(AuditChain.canonical(entry())).isEqualTo("""
                ftfleet-audit-v1
                id=1:7
                created_at=27:2026-01-02T03:04:05.123456Z
                actor_id=1:1
                username=5:admin
                actor_role=5:admin
                ip_address=9:127.0.0.1
                request_id=5:req-1
                http_method=4:POST
                path=13:/api/v1/users
                status_code=3:200
                action=12:user.created
                target_type=4:user
                target_id=2:42
                outcome=7:success
                reason=~
                details=14:{"changes":{}}
                prev_hash=64:%s
                """.formatted(AuditChain.GENESIS));
    }

    @Test
    void hashIsLowerCaseSha256HexAndIgnoresTheStoredHashField() {
        String hash = AuditChain.hash(entry());
        assertThat(hash).matches("[0-9a-f]{64}");
        assertThat(AuditChain.hash(entry().withHash("anything"))).isEqualTo(hash);
        // SHA-256 of the canonical form above (computed independently), pinned: a format change must be deliberate.
        assertThat(hash).isEqualTo(sha256(AuditChain.canonical(entry())))
                .isEqualTo("47d8eb15d48c06d83fde88fa2d4f1e7a631116457931a528580ce06b32a6bfaf");
    }

    @Test
    void changingAnyContentFieldOrThePreviousHashChangesTheHash() {
        AuditEntry e = entry();
        List<AuditEntry> variants = new ArrayList<>(List.of(
                new AuditEntry(8, e.createdAt(), e.actorId(), e.username(), e.actorRole(), e.ipAddress(), e.requestId(), e.httpMethod(), e.path(), e.statusCode(), e.action(), e.targetType(), e.targetId(), e.outcome(), e.reason(), e.details(), e.prevHash(), null),
                new AuditEntry(e.id(), e.createdAt().plusNanos(1000), e.actorId(), e.username(), e.actorRole(), e.ipAddress(), e.requestId(), e.httpMethod(), e.path(), e.statusCode(), e.action(), e.targetType(), e.targetId(), e.outcome(), e.reason(), e.details(), e.prevHash(), null),
                new AuditEntry(e.id(), e.createdAt(), null, e.username(), e.actorRole(), e.ipAddress(), e.requestId(), e.httpMethod(), e.path(), e.statusCode(), e.action(), e.targetType(), e.targetId(), e.outcome(), e.reason(), e.details(), e.prevHash(), null),
                new AuditEntry(e.id(), e.createdAt(), e.actorId(), "admiN", e.actorRole(), e.ipAddress(), e.requestId(), e.httpMethod(), e.path(), e.statusCode(), e.action(), e.targetType(), e.targetId(), e.outcome(), e.reason(), e.details(), e.prevHash(), null),
                new AuditEntry(e.id(), e.createdAt(), e.actorId(), e.username(), "viewer", e.ipAddress(), e.requestId(), e.httpMethod(), e.path(), e.statusCode(), e.action(), e.targetType(), e.targetId(), e.outcome(), e.reason(), e.details(), e.prevHash(), null),
                new AuditEntry(e.id(), e.createdAt(), e.actorId(), e.username(), e.actorRole(), "127.0.0.2", e.requestId(), e.httpMethod(), e.path(), e.statusCode(), e.action(), e.targetType(), e.targetId(), e.outcome(), e.reason(), e.details(), e.prevHash(), null),
                new AuditEntry(e.id(), e.createdAt(), e.actorId(), e.username(), e.actorRole(), e.ipAddress(), "req-2", e.httpMethod(), e.path(), e.statusCode(), e.action(), e.targetType(), e.targetId(), e.outcome(), e.reason(), e.details(), e.prevHash(), null),
                new AuditEntry(e.id(), e.createdAt(), e.actorId(), e.username(), e.actorRole(), e.ipAddress(), e.requestId(), "PUT", e.path(), e.statusCode(), e.action(), e.targetType(), e.targetId(), e.outcome(), e.reason(), e.details(), e.prevHash(), null),
                new AuditEntry(e.id(), e.createdAt(), e.actorId(), e.username(), e.actorRole(), e.ipAddress(), e.requestId(), e.httpMethod(), "/api/v1/users/", e.statusCode(), e.action(), e.targetType(), e.targetId(), e.outcome(), e.reason(), e.details(), e.prevHash(), null),
                new AuditEntry(e.id(), e.createdAt(), e.actorId(), e.username(), e.actorRole(), e.ipAddress(), e.requestId(), e.httpMethod(), e.path(), 403, e.action(), e.targetType(), e.targetId(), e.outcome(), e.reason(), e.details(), e.prevHash(), null),
                new AuditEntry(e.id(), e.createdAt(), e.actorId(), e.username(), e.actorRole(), e.ipAddress(), e.requestId(), e.httpMethod(), e.path(), e.statusCode(), "user.createD", e.targetType(), e.targetId(), e.outcome(), e.reason(), e.details(), e.prevHash(), null),
                new AuditEntry(e.id(), e.createdAt(), e.actorId(), e.username(), e.actorRole(), e.ipAddress(), e.requestId(), e.httpMethod(), e.path(), e.statusCode(), e.action(), "bot", e.targetId(), e.outcome(), e.reason(), e.details(), e.prevHash(), null),
                new AuditEntry(e.id(), e.createdAt(), e.actorId(), e.username(), e.actorRole(), e.ipAddress(), e.requestId(), e.httpMethod(), e.path(), e.statusCode(), e.action(), e.targetType(), "43", e.outcome(), e.reason(), e.details(), e.prevHash(), null),
                new AuditEntry(e.id(), e.createdAt(), e.actorId(), e.username(), e.actorRole(), e.ipAddress(), e.requestId(), e.httpMethod(), e.path(), e.statusCode(), e.action(), e.targetType(), e.targetId(), "denied", e.reason(), e.details(), e.prevHash(), null),
                new AuditEntry(e.id(), e.createdAt(), e.actorId(), e.username(), e.actorRole(), e.ipAddress(), e.requestId(), e.httpMethod(), e.path(), e.statusCode(), e.action(), e.targetType(), e.targetId(), e.outcome(), "", e.details(), e.prevHash(), null),
                new AuditEntry(e.id(), e.createdAt(), e.actorId(), e.username(), e.actorRole(), e.ipAddress(), e.requestId(), e.httpMethod(), e.path(), e.statusCode(), e.action(), e.targetType(), e.targetId(), e.outcome(), e.reason(), "{\"changes\":{ }}", e.prevHash(), null),
                new AuditEntry(e.id(), e.createdAt(), e.actorId(), e.username(), e.actorRole(), e.ipAddress(), e.requestId(), e.httpMethod(), e.path(), e.statusCode(), e.action(), e.targetType(), e.targetId(), e.outcome(), e.reason(), e.details(), "1" + AuditChain.GENESIS.substring(1), null)));
        Set<String> hashes = new HashSet<>();
        hashes.add(AuditChain.hash(e));
        variants.forEach(v -> hashes.add(AuditChain.hash(v)));
        assertThat(hashes).hasSize(variants.size() + 1);
    }

    @Test
    void aSeparatorInsideAValueCannotImitateAnotherField() {
        AuditEntry e = entry();
        // Moving text between two adjacent fields keeps the concatenation but not the canonical form.
        AuditEntry a = new AuditEntry(e.id(), e.createdAt(), e.actorId(), "ad", "min\nactor_role=5:admin", e.ipAddress(), e.requestId(), e.httpMethod(), e.path(), e.statusCode(), e.action(), e.targetType(), e.targetId(), e.outcome(), e.reason(), e.details(), e.prevHash(), null);
        AuditEntry b = new AuditEntry(e.id(), e.createdAt(), e.actorId(), "admin\nactor_role=5:ad", "min", e.ipAddress(), e.requestId(), e.httpMethod(), e.path(), e.statusCode(), e.action(), e.targetType(), e.targetId(), e.outcome(), e.reason(), e.details(), e.prevHash(), null);
        assertThat(AuditChain.canonical(a)).isNotEqualTo(AuditChain.canonical(b));
        assertThat(AuditChain.hash(a)).isNotEqualTo(AuditChain.hash(b));
    }

    @Test
    void nullAndEmptyValuesHashDifferently() {
        AuditEntry e = entry();
        AuditEntry empty = new AuditEntry(e.id(), e.createdAt(), e.actorId(), e.username(), e.actorRole(), e.ipAddress(), e.requestId(), e.httpMethod(), e.path(), e.statusCode(), e.action(), e.targetType(), e.targetId(), e.outcome(), "", e.details(), e.prevHash(), null);
        assertThat(AuditChain.hash(empty)).isNotEqualTo(AuditChain.hash(e));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
