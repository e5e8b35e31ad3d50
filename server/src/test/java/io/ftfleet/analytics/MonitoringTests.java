package io.ftfleet.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import oshi.SystemInfo;
import tools.jackson.databind.JsonNode;

/** Host monitoring over real HTTP: the figures are the host's own (as OSHI reads them), fresh, and O4 is admin-only. */
@FullStackTest
class MonitoringTests {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("ftfleet.analytics.host-sample-interval", () -> "200ms");
    }

    @LocalServerPort
    int port;

    @Test
    void statusReportsTheHostsOwnFiguresAndTheyMoveOn() throws InterruptedException {
        Api api = new Api(port);
        String viewer = api.tokenFor("monitor-viewer", "viewer");
        Api.Response first = api.get("/api/v1/monitoring/monitoring/status", viewer);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        JsonNode metrics = first.json().get("system_metrics");
        SystemInfo oshi = new SystemInfo();
        assertThat(metrics.get("memory").get("total_bytes").asLong())
                .isEqualTo(oshi.getHardware().getMemory().getTotal());
        assertThat(metrics.get("cpu").get("cores_logical").asInt())
                .isEqualTo(oshi.getHardware().getProcessor().getLogicalProcessorCount());
        assertThat(metrics.get("disk").get("total_gb").asDouble()).isPositive();
        assertThat(metrics.get("disk").get("usage_percent").asDouble()).isBetween(0.0, 100.0);
        assertThat(metrics.get("memory").get("usage_percent").asDouble()).isBetween(0.0, 100.0);

        Thread.sleep(600);
        JsonNode later = api.get("/api/v1/monitoring/monitoring/status", viewer).json().get("system_metrics");
        assertThat(later.get("uptime").get("server_seconds").asDouble())
                .isGreaterThan(metrics.get("uptime").get("server_seconds").asDouble());
        assertThat(later.get("sampled_at").asString()).isNotEqualTo(metrics.get("sampled_at").asString());
        assertThat(later.get("cpu").get("usage_percent").asDouble()).isBetween(0.0, 100.0);
        assertThat(later.get("network").get("bytes_recv").asLong())
                .isGreaterThanOrEqualTo(metrics.get("network").get("bytes_recv").asLong());

        // components: the server's readiness checks, under both the original's key and the one its UI reads
        JsonNode status = api.get("/api/v1/monitoring/monitoring/status", viewer).json();
        List<String> names = new ArrayList<>();
        status.get("components").forEach(c -> names.add(c.get("name").asString()));
        assertThat(names).contains("database");
        assertThat(status.get("component_health")).isEqualTo(status.get("components"));
        assertThat(status.get("overall_status").asString()).isIn("healthy", "degraded");
        assertThat(status.get("bot_statistics").get("total_bots").asInt()).isZero();

        JsonNode health = api.get("/api/v1/monitoring/monitoring/health", viewer).json();
        assertThat(health.get("components").toString()).contains("\"name\":\"database\",\"status\":\"healthy\"");
        // the single prefix the original's UI calls answers too
        assertThat(api.get("/api/v1/monitoring/status", viewer).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/monitoring/monitoring/status", null).status()).isEqualTo(401);
    }

    @Test
    void metricsAreForAdminsOnly() {
        Api api = new Api(port);
        String operator = api.tokenFor("monitor-operator", "operator");
        Api.Response refused = api.get("/api/v1/monitoring/monitoring/metrics", operator);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("content-type")).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).isEqualTo("Not enough permissions");
        Api.Response allowed = api.get("/api/v1/monitoring/monitoring/metrics", api.adminToken());
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.json().get("system_metrics").get("memory").get("total_bytes").asLong()).isPositive();
        assertThat(allowed.json().has("component_health")).isTrue();
    }
}
