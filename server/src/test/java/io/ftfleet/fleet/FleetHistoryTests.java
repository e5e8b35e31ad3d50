package io.ftfleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.ftfleet.freqtrade.SimulatedBot;
import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.ExternalBots;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/** History, summary and fleet metrics against a real simulator bot registered as an external bot. */
@FullStackTest
class FleetHistoryTests {

    @DynamicPropertySource
    static void fast(DynamicPropertyRegistry registry) {
        registry.add("ftfleet.fleet.poll-interval", () -> "300ms");
        registry.add("ftfleet.fleet.history.interval", () -> "500ms");
    }

    @LocalServerPort
    int port;
    @Autowired
    FleetHistory history;

    @Test
    void snapshotsAreRecordedDownsampledHourlyAndServedOnlyToTheirOwner() throws Exception {
        Api api = new Api(port);
        String admin = api.adminToken();
        try (SimulatedBot bot = SimulatedBot.start(Files.createTempDirectory("history-bot"))) {
            long id = ExternalBots.register(api, admin, "history-bot", bot);

            JsonNode raw = Await.until(() -> api.get("/api/v1/fleet/history?bot_id=" + id, admin).json(),
                    h -> h.get("points").size() >= 3, Duration.ofSeconds(30));
            assertThat(raw.get("resolution").asString()).isEqualTo("raw");
            JsonNode first = raw.get("points").get(0);
            assertThat(first.get("bot_id").asLong()).isEqualTo(id);
            assertThat(first.get("status").asString()).isEqualTo("ONLINE");
            assertThat(first.get("stake_currency").asString()).isEqualTo("USDT");
            assertThat(first.get("balance").asDouble()).isPositive();

            // Downsample as if two hours had passed: the hour of the samples becomes one hourly row per bot.
            Instant later = Instant.now().plus(2, ChronoUnit.HOURS);
            history.maintain(later);
            String range = "&from=" + Instant.now().minus(3, ChronoUnit.HOURS) + "&to=" + later;
            JsonNode hourly = api.get("/api/v1/fleet/history?resolution=hourly&bot_id=" + id + range, admin).json();
            assertThat(hourly.get("points").size()).isBetween(1, 2); // the samples may straddle an hour boundary
            JsonNode h = hourly.get("points").get(0);
            assertThat(h.get("samples").asInt()).isPositive();
            assertThat(h.get("balance_min").asDouble()).isPositive().isLessThanOrEqualTo(h.get("balance").asDouble());
            assertThat(h.get("balance_max").asDouble()).isGreaterThanOrEqualTo(h.get("balance").asDouble());
            assertThat(h.get("online_samples").asInt()).isEqualTo(h.get("samples").asInt());
            // The raw rows are older than the raw retention only after 7 days, so they are still there.
            assertThat(api.get("/api/v1/fleet/history?bot_id=" + id, admin).json().get("points").size()).isPositive();

            // Summary: the bot's own snapshot figures, grouped by its stake currency and dry-run.
            JsonNode summary = api.get("/api/v1/fleet/summary", admin).json();
            assertThat(summary.get("bots").asInt()).isEqualTo(1);
            JsonNode totals = summary.get("totals").get(0);
            assertThat(totals.get("stake_currency").asString()).isEqualTo("USDT");
            assertThat(totals.get("dry_run").asBoolean()).isTrue();
            assertThat(totals.get("balance_total").asDouble()).isPositive();

            // Another user sees nothing of it.
            String viewer = api.tokenFor("history-viewer", "viewer");
            assertThat(api.get("/api/v1/fleet/summary", viewer).json().get("bots").asInt()).isZero();
            assertThat(api.get("/api/v1/fleet/history?bot_id=" + id, viewer).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/fleet/history", viewer).json().get("points").size()).isZero();
            assertThat(api.get("/api/v1/fleet/history?resolution=daily", admin).status()).isEqualTo(422);
            assertThat(api.get("/api/v1/fleet/summary", null).status()).isEqualTo(401);

            // Metrics: the state code and the per-currency fleet totals.
            String metrics = api.get("/metrics", admin).body();
            assertThat(metrics).containsPattern("ftfleet_bot_state\\{[^}]*bot=\"history-bot\"[^}]*} 1.0")
                    .containsPattern("ftfleet_fleet_balance\\{[^}]*dry_run=\"true\",stake_currency=\"USDT\"} [1-9]")
                    .containsPattern("ftfleet_fleet_bots\\{[^}]*status=\"ONLINE\"} 1.0");
        }
    }
}
