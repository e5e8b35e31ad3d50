package io.ftfleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/** The poller against real simulator bots: snapshots, the snapshot route's scoping and the per-bot metrics. */
@FullStackTest
class FleetSnapshotTests {

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
        registry.add("ftfleet.fleet.poll-interval", () -> "500ms");
    }

    @LocalServerPort
    int port;
    Api api;
    String token;
    static Api cleanupApi;
    static String cleanupToken;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        token = api.adminToken();
        cleanupApi = api;
        cleanupToken = token;
    }

    @AfterAll
    static void stopEverything() {
        if (cleanupApi != null) {
            cleanupApi.postJson("/api/v1/bots/stop-all", cleanupToken, "{}");
        }
    }

    long createBot(String name, String as) {
        String strategyName = "Fleet" + name.replaceAll("[^A-Za-z0-9]", "");
        Api.Response strategy = api.postJson("/api/v1/strategies/", as, StrategyFixtures.body(strategyName));
        assertThat(strategy.status()).as(strategy.body()).isEqualTo(201);
        Api.Response bot = api.postJson("/api/v1/bots/", as, "{\"name\":\"" + name + "\",\"strategy_name\":\""
                + strategyName + "\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        return bot.json().get("id").asLong();
    }

    Optional<JsonNode> snapshot(long id, String as) {
        Api.Response r = api.get("/api/v1/fleet/snapshots", as);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return StreamSupport.stream(r.json().spliterator(), false).filter(s -> s.get("bot_id").asLong() == id)
                .findFirst();
    }


    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean status(Optional<JsonNode> snapshot, String status) {
        return snapshot.isPresent() && snapshot.get().get("status").asString().equals(status);
    }

    List<String> upSeries(String botName) {
        String metrics = api.get("/metrics", token).body();
        return metrics.lines().filter(l -> l.contains("bot=\"" + botName + "\"")).toList();
    }

    @Test
    void runningBotIsOnlineWithItsOwnNumbersThenOfflineWhenStoppedAndGoneWhenDeleted() {
        long id = createBot("fleet-1", token);
        assertThat(api.postJson("/api/v1/bots/" + id + "/start", token, "").status()).isEqualTo(200);

        JsonNode online = Await.until(() -> snapshot(id, token),
                s -> status(s, "ONLINE") && s.get().get("open_trades").asInt() > 0, Duration.ofSeconds(60)).get();
        assertThat(online.get("name").asString()).isEqualTo("fleet-1");
        assertThat(online.get("bot_state").asString()).isEqualTo("running");
        assertThat(online.get("stake_currency").asString()).isEqualTo("USDT");
        assertThat(online.get("dry_run").asBoolean()).isTrue();
        assertThat(online.get("last_error").isNull()).isTrue();
        assertThat(online.get("last_seen").isNull()).isFalse();

        // The bot trades every second, so compare until a snapshot and the bot's own answer are from the same moment.
        Await.until(() -> {
            JsonNode snap = snapshot(id, token).orElseThrow();
            JsonNode profit = api.get("/api/v1/bots/" + id + "/profit", token).json();
            JsonNode open = api.get("/api/v1/bots/" + id + "/trades/open", token).json();
            JsonNode balance = api.get("/api/v1/bots/" + id + "/balance", token).json();
            JsonNode bot = api.get("/api/v1/bots/" + id, token).json();
            return List.of(snap, profit, open, balance, bot);
        }, r -> r.get(0).get("status").asString().equals("ONLINE")
                // the original's bot counters come from the same measurement
                && r.get(4).get("total_trades").asInt() == r.get(1).get("closed_trade_count").asInt()
                && r.get(4).get("profitable_trades").asInt() == r.get(1).get("winning_trades").asInt()
                && r.get(4).get("total_profit").asDouble() == r.get(1).get("profit_closed_coin").asDouble()
                && r.get(0).get("open_trades").asInt() == r.get(2).size()
                && r.get(0).get("profit_closed_abs").asDouble() == r.get(1).get("profit_closed_coin").asDouble()
                && r.get(0).get("profit_all_ratio").asDouble() == r.get(1).get("profit_all_ratio").asDouble()
                && r.get(0).get("balance_total").asDouble() == r.get(3).get("total").asDouble(),
                Duration.ofSeconds(30));

        List<String> up = Await.until(() -> upSeries("fleet-1"),
                lines -> lines.stream().anyMatch(l -> l.startsWith("ftfleet_bot_up{") && l.endsWith(" 1.0")),
                Duration.ofSeconds(10));
        assertThat(up).anyMatch(l -> l.startsWith("ftfleet_bot_open_trades{"))
                .anyMatch(l -> l.startsWith("ftfleet_bot_profit_closed_abs{"))
                .anyMatch(l -> l.startsWith("ftfleet_bot_profit_all_ratio{"))
                .anyMatch(l -> l.startsWith("ftfleet_bot_balance{"))
                .anyMatch(l -> l.startsWith("ftfleet_bot_last_seen_seconds{"))
                .allMatch(l -> l.contains("exchange=\"binance\"") && l.contains("stake_currency=\"USDT\"")
                        && l.contains("dry_run=\"true\""));
        assertThat(api.get("/metrics", token).body()).contains("ftfleet_poll_cycle_seconds_bucket");

        assertThat(api.postJson("/api/v1/bots/" + id + "/stop", token, "").status()).isEqualTo(200);
        JsonNode offline = Await.until(() -> snapshot(id, token), s -> status(s, "OFFLINE"), Duration.ofSeconds(30)).get();
        assertThat(offline.get("last_error").asString()).isNotBlank();
        assertThat(offline.get("last_seen").isNull()).isFalse();
        Await.until(() -> upSeries("fleet-1"), lines -> lines.stream()
                .anyMatch(l -> l.startsWith("ftfleet_bot_up{") && l.endsWith(" 0.0")), Duration.ofSeconds(10));

        Api.Response deleted = api.request("DELETE", "/api/v1/bots/" + id).bearer(token).send();
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        Await.until(() -> upSeries("fleet-1"), List::isEmpty, Duration.ofSeconds(10));
        Await.until(() -> snapshot(id, token), Optional::isEmpty, Duration.ofSeconds(10));
    }

    @Test
    void usersWhoAreNotAdminSeeOnlyTheSnapshotsOfTheirOwnBots() {
        long adminBot = createBot("fleet-admin-bot", token);
        String operator = api.tokenFor("fleet-owner", "operator");
        long ownBot = createBot("fleet-owned-bot", operator);
        long ownerId = api.get("/api/v1/auth/me", operator).json().get("id").asLong();
        Api.Response demoted = api.request("PATCH", "/api/v1/users/" + ownerId).bearer(token)
                .json("{\"role\":\"viewer\"}").send();
        assertThat(demoted.status()).as(demoted.body()).isEqualTo(200);
        String viewer = api.login("fleet-owner", "password-fleet-owner").get("access_token").asString();

        // Never started: the poller reports them as not running.
        JsonNode own = Await.until(() -> snapshot(ownBot, viewer), s -> status(s, "OFFLINE"), Duration.ofSeconds(10)).get();
        assertThat(own.get("last_error").asString()).isEqualTo("not running");
        assertThat(own.get("owner_id").asLong()).isEqualTo(ownerId);
        List<Long> visible = StreamSupport.stream(api.get("/api/v1/fleet/snapshots", viewer).json().spliterator(), false)
                .map(s -> s.get("bot_id").asLong()).toList();
        assertThat(visible).containsExactly(ownBot);
        Await.until(() -> snapshot(adminBot, token), Optional::isPresent, Duration.ofSeconds(10));
        assertThat(snapshot(ownBot, token)).isPresent();

        assertThat(api.get("/api/v1/fleet/snapshots", null).status()).isEqualTo(401);
    }
}
