package io.ftfleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;

import io.ftfleet.freqtrade.SimulatedBot;
import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.ExternalBots;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code /metrics} carries every bot's balance and profit: it needs an admin's credentials or the dedicated scrape
 * token (configured here by its SHA-256 only), and the per-bot series can be turned off.
 */
@FullStackTest
class MetricsAccessTests {

    private static final String SCRAPE_TOKEN = "scrape-token-for-prometheus-1";

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("ftfleet.metrics.scrape-token", () -> "sha256:" + io.ftfleet.core.Secrets.sha256Hex(SCRAPE_TOKEN));
        registry.add("ftfleet.metrics.per-bot", () -> "false");
        registry.add("ftfleet.fleet.poll-interval", () -> "300ms");
    }

    @LocalServerPort
    int port;

    @Test
    void metricsNeedAnAdminOrTheScrapeTokenWhichOpensNothingElse() {
        Api api = new Api(port);
        Api.Response anonymous = api.get("/metrics", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("content-type")).startsWith("application/problem+json");
        assertThat(anonymous.body()).doesNotContain("ftfleet_");
        assertThat(api.get("/metrics", "not-the-scrape-token").status()).isEqualTo(401);
        for (String variant : new String[] { "/metrics/", "/metrics;x=1", "/metrics?format=x", "//metrics",
                "/./metrics", "/METRICS", "/metrics.json" }) {
            Api.Response r = api.get(variant, null);
            assertThat(r.body()).as(variant).doesNotContain("ftfleet_").doesNotContain("jvm_");
            assertThat(r.status()).as(variant).isGreaterThanOrEqualTo(400);
        }
        assertThat(api.request("GET", "/metrics").header("X-API-Key", "ftf_not-a-key").send().status()).isEqualTo(401);

        Api.Response scraped = api.get("/metrics", SCRAPE_TOKEN);
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.body()).contains("ftfleet_fleet_bots_online").contains("jvm_memory_used_bytes");

        // The scrape token is no user: every other route still refuses it.
        assertThat(api.get("/api/v1/bots", SCRAPE_TOKEN).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/fleet/snapshots", SCRAPE_TOKEN).status()).isEqualTo(401);

        String admin = api.adminToken();
        assertThat(api.get("/metrics", admin).status()).isEqualTo(200);
        String operator = api.tokenFor("metrics-operator", "operator");
        assertThat(api.get("/metrics", operator).status()).isEqualTo(403);
        String key = api.postJson("/api/v1/users/1/api-keys", admin, "{\"name\":\"prometheus\"}").text("key");
        assertThat(api.request("GET", "/metrics").header("X-API-Key", key).send().status()).isEqualTo(200);
    }

    @Test
    void withPerBotSeriesOffOnlyTheFleetTotalsAreExported() throws Exception {
        Api api = new Api(port);
        String admin = api.adminToken();
        try (SimulatedBot bot = SimulatedBot.start(Files.createTempDirectory("metrics-per-bot"))) {
            ExternalBots.register(api, admin, "metrics-secret-name", bot);
            String metrics = Await.until(() -> api.get("/metrics", SCRAPE_TOKEN).body(),
                    m -> m.lines().anyMatch(l -> l.startsWith("ftfleet_fleet_bots_online") && l.endsWith(" 1.0")),
                    Duration.ofSeconds(30));
            assertThat(metrics).contains("ftfleet_fleet_balance{").doesNotContain("ftfleet_bot_")
                    .doesNotContain("metrics-secret-name");
        }
    }

    @Test
    void theScrapeIsPrometheusTextUnlessTheScraperPrefersOpenMetrics() {
        Api api = new Api(port);
        Api.Response plain = api.get("/metrics", SCRAPE_TOKEN);
        assertThat(plain.header("content-type")).startsWith("text/plain").contains("version=0.0.4");
        assertThat(plain.body()).contains("# TYPE jvm_memory_used_bytes gauge").doesNotContain("# EOF");

        // What Prometheus itself sends.
        Api.Response open = api.request("GET", "/metrics").header("Authorization", "Bearer " + SCRAPE_TOKEN)
                .header("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                        + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
                .send();
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.header("content-type")).startsWith("application/openmetrics-text");
        assertThat(open.body().strip()).endsWith("# EOF");

        Api.Response some = api.get("/metrics?includedNames=jvm_threads_live_threads", SCRAPE_TOKEN);
        assertThat(some.body()).contains("jvm_threads_live_threads").doesNotContain("jvm_memory_used_bytes");
    }
}
