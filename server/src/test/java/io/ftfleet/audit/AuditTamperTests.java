package io.ftfleet.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import tools.jackson.databind.JsonNode;

/**
 * Changes stored rows behind the application's back, as someone with database access could, and expects the
 * verify route to point at the first damaged entry. Each test restores what it changed; the context is discarded
 * afterwards anyway, so no other test class sees a tampered chain.
 */
@FullStackTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AuditTamperTests {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Api api;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        for (int i = 0; i < 3; i++) {
            String name = "tamper-" + System.nanoTime();
            assertThat(api.postJson("/api/v1/users", admin, "{\"username\":\"" + name + "\",\"email\":\"" + name
                    + "@example.com\",\"password\":\"password-1\"}").status()).isEqualTo(201);
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    private JsonNode verify() {
        Api.Response r = api.get("/api/v1/audit/verify", admin);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    private long lastId() {
        return jdbc.queryForObject("SELECT MAX(id) FROM audit_logs", Long.class);
    }

    @Test
    void aChangedCharacterInTheActionOfAMiddleRowIsReportedAtThatRow() {
        long middle = lastId() - 1;
        String action = jdbc.queryForObject("SELECT action FROM audit_logs WHERE id = ?", String.class, middle);
        String flipped = action.substring(0, action.length() - 1) + Character.toUpperCase(action.charAt(action.length() - 1));
        jdbc.update("UPDATE audit_logs SET action = ? WHERE id = ?", flipped, middle);

        JsonNode result = verify();
        assertThat(result.get("valid").asBoolean()).isFalse();
        assertThat(result.get("first_broken_id").asLong()).isEqualTo(middle);
        assertThat(result.get("checked").asLong()).isEqualTo(middle);
        assertThat(result.get("reason").asString()).contains("does not match its hash");

        jdbc.update("UPDATE audit_logs SET action = ? WHERE id = ?", action, middle);
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void aChangedDetailsValueIsReportedAtThatRow() {
        long middle = lastId() - 1;
        String details = jdbc.queryForObject("SELECT details FROM audit_logs WHERE id = ?", String.class, middle);
        jdbc.update("UPDATE audit_logs SET details = ? WHERE id = ?", details.replace("viewer", "admin!"), middle);

        JsonNode result = verify();
        assertThat(result.get("valid").asBoolean()).isFalse();
        assertThat(result.get("first_broken_id").asLong()).isEqualTo(middle);

        jdbc.update("UPDATE audit_logs SET details = ? WHERE id = ?", details, middle);
    }

    @Test
    void aRowRewrittenWithAFreshHashBreaksTheLinkToTheNextRow() {
        long middle = lastId() - 1;
        Map<String, Object> row = jdbc.queryForMap("SELECT reason, hash FROM audit_logs WHERE id = ?", middle);
        // The attacker edits the row and recomputes its own hash, but cannot fix the next row's prev_hash
        // without recomputing every later row (and the chain head).
        AuditFilter everything = new AuditFilter(null, null, null, null, null, null, null, null);
        AuditEntry original = new AuditLog(jdbc).find(everything, 1, 1).get(0);
        assertThat(original.id()).isEqualTo(middle);
        AuditEntry edited = new AuditEntry(original.id(), original.createdAt(), original.actorId(), original.username(),
                original.actorRole(), original.ipAddress(), original.requestId(), original.httpMethod(), original.path(),
                original.statusCode(), original.action(), original.targetType(), original.targetId(),
                original.outcome(), "edited", original.details(), original.prevHash(), null);
        jdbc.update("UPDATE audit_logs SET reason = ?, hash = ? WHERE id = ?", "edited", AuditChain.hash(edited), middle);

        JsonNode result = verify();
        assertThat(result.get("valid").asBoolean()).isFalse();
        assertThat(result.get("first_broken_id").asLong()).isEqualTo(middle + 1);
        assertThat(result.get("reason").asString()).contains("prev_hash");

        jdbc.update("UPDATE audit_logs SET reason = ?, hash = ? WHERE id = ?", row.get("reason"), row.get("hash"), middle);
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void aRemovedLastRowIsReportedAgainstTheChainHead() {
        long last = lastId();
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM audit_logs WHERE id = ?", last);
        jdbc.update("DELETE FROM audit_logs WHERE id = ?", last);

        JsonNode result = verify();
        assertThat(result.get("valid").asBoolean()).isFalse();
        assertThat(result.get("first_broken_id").asLong()).isEqualTo(last);
        assertThat(result.get("reason").asString()).contains("missing");

        String columns = String.join(", ", row.keySet());
        jdbc.update("INSERT INTO audit_logs (" + columns + ") VALUES (" + "?, ".repeat(row.size() - 1) + "?)",
                row.values().toArray());
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }
}
