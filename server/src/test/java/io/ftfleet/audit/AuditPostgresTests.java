package io.ftfleet.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ftfleet.support.Api;
import io.ftfleet.support.Postgres;
import io.ftfleet.support.PostgresFullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The trail on a real PostgreSQL: the row lock on the chain head, timestamps that must come back to the microsecond
 * (they are hashed), time filters, LIMIT/OFFSET paging and verification.
 */
@PostgresFullStackTest
class AuditPostgresTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void recordsQueriesExportsAndVerifiesOnPostgres() {
        Api api = new Api(port);
        String admin = api.adminToken();
        String viewer = api.tokenFor("pg-audit-viewer", "viewer");
        assertThat(api.postJson("/api/v1/auth/change-password", viewer,
                "{\"old_password\":\"password-pg-audit-viewer\",\"new_password\":\"another-password-1\"}").status())
                .isEqualTo(200);

        JsonNode page = api.get("/api/v1/audit/logs?action=user.created&limit=1&skip=0", admin).json();
        assertThat(page.size()).isEqualTo(1);
        JsonNode newest = page.get(0);
        assertThat(newest.get("target_id").asString()).isNotBlank();
        String at = newest.get("created_at").asString();
        assertThat(api.get("/api/v1/audit/logs?from=" + at + "&action=user.created", admin).json().size()).isEqualTo(1);
        JsonNode before = api.get("/api/v1/audit/logs?to=" + at + "&actor=admin&outcome=success", admin).json();
        before.forEach(e -> assertThat(e.get("id").asLong()).isLessThan(newest.get("id").asLong()));
        assertThat(api.get("/api/v1/audit/logs?actor=pg-audit-viewer", admin).json().get(0).get("action").asString())
                .isEqualTo("user.sessions_ended");

        Api.Response csv = api.get("/api/v1/audit/logs/export?format=csv", admin);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().split("\r\n").length).isGreaterThanOrEqualTo(4);

        JsonNode verified = api.get("/api/v1/audit/verify", admin).json();
        assertThat(verified.get("valid").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("checked").asLong()).isGreaterThanOrEqualTo(3);
    }
}
