package io.ftfleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

import io.ftfleet.freqtrade.SimulatedBot;
import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.ExternalBots;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Real simulator bots watched by the poller: one killed with SIGKILL, one made slow with
 * {@code FTSIM_SLOW_REPLY_MS}, one healthy. Poll interval 500 ms; read timeout 1 s, so a bot's deadline is 2 s.
 */
@FullStackTest
class FleetFaultTests {

    static final Duration INTERVAL = Duration.ofMillis(500);
    static final Duration DEADLINE = Duration.ofSeconds(2);
    /** Scheduling and HTTP slack on a loaded 2-core machine; the bound under test is INTERVAL + DEADLINE. */
    static final Duration SLACK = Duration.ofMillis(1500);

    @DynamicPropertySource
    static void fast(DynamicPropertyRegistry registry) {
        registry.add("ftfleet.fleet.poll-interval", () -> INTERVAL.toMillis() + "ms");
        registry.add("ftfleet.freqtrade.client.read-timeout", () -> "1s");
    }

    @LocalServerPort
    int port;

    @Test
    void aKilledBotIsOfflineAndDownWithinOneIntervalPlusItsTimeoutWhileASlowBotDoesNotHoldUpTheOthers()
            throws Exception {
        Api api = new Api(port);
        String admin = api.adminToken();
        try (SimulatedBot healthy = SimulatedBot.start(Files.createTempDirectory("fault-healthy"));
                SimulatedBot victim = SimulatedBot.start(Files.createTempDirectory("fault-victim"));
                SimulatedBot slow = SimulatedBot.start(Files.createTempDirectory("fault-slow"), Map.of(),
                        Map.of("FTSIM_SLOW_REPLY_MS", "3000"))) {
            long h = ExternalBots.register(api, admin, "fault-healthy", healthy);
            long v = ExternalBots.register(api, admin, "fault-victim", victim);
            long s = ExternalBots.register(api, admin, "fault-slow", slow);

            Await.until(() -> snapshot(api, admin, h), x -> FleetSnapshotTests.status(x, "ONLINE")
                    && FleetSnapshotTests.status(snapshot(api, admin, v), "ONLINE"), Duration.ofSeconds(30));
            JsonNode slowSnap = Await.until(() -> snapshot(api, admin, s),
                    x -> FleetSnapshotTests.status(x, "OFFLINE"), Duration.ofSeconds(30)).get();
            // its own read timeout or the 2 s deadline
            assertThat(slowSnap.get("last_error").asString()).containsAnyOf("did not answer in time", "no answer within");

            // The slow bot never makes the healthy bot's snapshot older than one cycle (its deadline) + interval.
            for (int i = 0; i < 10; i++) {
                JsonNode snap = snapshot(api, admin, h).orElseThrow();
                assertThat(snap.get("status").asString()).isEqualTo("ONLINE");
                Duration age = Duration.between(Instant.parse(snap.get("last_seen").asString()), Instant.now());
                assertThat(age).isLessThan(INTERVAL.plus(DEADLINE).plus(SLACK));
                Thread.sleep(300);
            }

            victim.kill();
            Instant killed = Instant.now();
            JsonNode down = Await.until(() -> snapshot(api, admin, v), x -> FleetSnapshotTests.status(x, "OFFLINE"),
                    INTERVAL.plus(DEADLINE).plus(SLACK)).get();
            // Words for the owner, not the HTTP client's exception and the bot's address.
            assertThat(down.get("last_error").asString()).isEqualTo("the bot's API did not answer");
            Await.until(() -> api.get("/metrics", admin).body().lines()
                    .filter(l -> l.startsWith("ftfleet_bot_up{") && l.contains("bot=\"fault-victim\"")).findFirst()
                    .orElse(""), l -> l.endsWith(" 0.0"), INTERVAL.plus(DEADLINE).plus(SLACK)
                            .minus(Duration.between(killed, Instant.now())).plusMillis(300));
            assertThat(snapshot(api, admin, h).orElseThrow().get("status").asString()).isEqualTo("ONLINE");
        }
    }

    @Test
    void aCorrectedExternalPasswordIsUsedFromTheNextCycleNotAfterTheEndpointCacheExpires() throws Exception {
        Api api = new Api(port);
        String admin = api.adminToken();
        try (SimulatedBot bot = SimulatedBot.start(Files.createTempDirectory("fault-password"))) {
            long id = ExternalBots.register(api, admin, "fault-password", bot, "USDT", "wrong-one", List.of());
            JsonNode refused = Await.until(() -> snapshot(api, admin, id), x -> FleetSnapshotTests.status(x, "OFFLINE"),
                    Duration.ofSeconds(30)).get();
            assertThat(refused.get("last_error").asString()).startsWith("the bot refused the login")
                    .doesNotContain("http").doesNotContain("Exception").doesNotContain("127.0.0.1");

            Api.Response fixed = api.request("PUT", "/api/v1/bots/" + id).bearer(admin)
                    .json("{\"external_password\":\"" + SimulatedBot.PASSWORD + "\"}").send();
            assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
            // well inside BotDirectory.ROUTE_TTL (10 min): the update itself dropped the cached endpoint
            Await.until(() -> snapshot(api, admin, id), x -> FleetSnapshotTests.status(x, "ONLINE"),
                    INTERVAL.plus(DEADLINE).plus(SLACK));
        }
    }

    static Optional<JsonNode> snapshot(Api api, String token, long id) {
        return StreamSupport.stream(api.get("/api/v1/fleet/snapshots", token).json().spliterator(), false)
                .filter(x -> x.get("bot_id").asLong() == id).findFirst();
    }
}
