package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import io.ftfleet.support.Api;
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

/** Real bot processes (the simulator, launched like freqtrade) driven through the API over real HTTP. */
@FullStackTest
class BotLifecycleTests {

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
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
        // The emergency test trips the global switch; every test starts with trading enabled.
        api.postJson("/api/v1/emergency/rearm", token, "");
    }

    @AfterAll
    static void stopEverything() {
        if (cleanupApi != null) {
            cleanupApi.postJson("/api/v1/bots/stop-all", cleanupToken, "{}");
        }
    }

    long createBot(String name) {
        String strategyName = "Lifecycle" + name.replaceAll("[^A-Za-z0-9]", "");
        api.postJson("/api/v1/strategies/", token, StrategyFixtures.body(strategyName));
        Api.Response bot = api.postJson("/api/v1/bots/", token, "{\"name\":\"" + name + "\",\"strategy_name\":\""
                + strategyName + "\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,"
                + "\"restart_policy\":\"on-failure\"}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        return bot.json().get("id").asLong();
    }

    JsonNode awaitState(long id, Predicate<JsonNode> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode bot = null;
        while (Instant.now().isBefore(deadline)) {
            bot = api.get("/api/v1/bots/" + id, token).json();
            if (condition.test(bot)) {
                return bot;
            }
            sleep(200);
        }
        throw new AssertionError("condition not met within " + timeout + "; last: " + bot);
    }

    static Predicate<JsonNode> observed(String state) {
        return b -> b.get("observed_state").asString().equals(state);
    }

    @Test
    void startsBotAndReportsRunningOnlyOnceTheBotSaysSo() {
        long id = createBot("life-1");
        Api.Response start = api.postJson("/api/v1/bots/" + id + "/start", token, "");
        assertThat(start.status()).as(start.body()).isEqualTo(200);
        assertThat(start.text("status")).isEqualTo("start_command_sent");
        assertThat(start.text("observed_state")).isIn("starting", "running");

        JsonNode running = awaitState(id, observed("running"), Duration.ofSeconds(60));
        assertThat(running.get("status").asString()).isEqualTo("running");
        assertThat(running.get("pid").asLong()).isPositive();
        long pid = running.get("pid").asLong();
        assertThat(ProcessHandle.of(pid)).isPresent();
        JsonNode status = api.get("/api/v1/bots/" + id + "/status", token).json();
        assertThat(status.get("bot_status").asString()).isEqualTo("running");
        JsonNode fleet = api.get("/api/v1/bots/status", token).json();
        assertThat(fleet.get("status").asString()).isEqualTo("success");
        assertThat(fleet.get("bots").get("life-1").get("bot_status").asString()).isEqualTo("running");
        assertThat(fleet.get("bots").get("life-1").get("pid").asLong()).isEqualTo(pid);

        // A second start never spawns a second process.
        assertThat(api.postJson("/api/v1/bots/" + id + "/start", token, "").status()).isEqualTo(409);

        Api.Response pause = api.postJson("/api/v1/bots/" + id + "/pause", token, "");
        assertThat(pause.status()).as(pause.body()).isEqualTo(200);
        assertThat(pause.text("observed_state")).isEqualTo("paused");
        // Paused means no new entries: Freqtrade sets max_open_trades to 0 and keeps its state "running".
        assertThat(api.get("/api/v1/bots/" + id + "/show_config", token).json().get("max_open_trades").asInt()).isZero();
        Api.Response resume = api.postJson("/api/v1/bots/" + id + "/resume", token, "");
        assertThat(resume.text("observed_state")).isEqualTo("running");
        assertThat(awaitRead("/api/v1/bots/" + id + "/show_config", n -> n.get("max_open_trades").asInt() == 3)
                .get("state").asString()).isEqualTo("running");

        assertThat(api.postJson("/api/v1/bots/" + id + "/reload", token, "").status()).isEqualTo(200);
        awaitState(id, observed("running"), Duration.ofSeconds(30));

        JsonNode logs = api.get("/api/v1/bots/" + id + "/logs?lines=20", token).json();
        assertThat(logs.get("entries").size()).isBetween(1, 20);
        assertThat(logs.get("logs").asString()).contains("freqtrade");

        Api.Response stop = api.postJson("/api/v1/bots/" + id + "/stop", token, "");
        assertThat(stop.status()).isEqualTo(200);
        JsonNode stopped = awaitState(id, observed("stopped"), Duration.ofSeconds(20));
        assertThat(stopped.get("pid").isNull()).isTrue();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(api.postJson("/api/v1/bots/" + id + "/pause", token, "").status()).isEqualTo(409);
    }

    @Test
    void followsTheLogAsServerSentEvents() throws Exception {
        long id = createBot("life-follow");
        api.postJson("/api/v1/bots/" + id + "/start", token, "");
        awaitState(id, observed("running"), Duration.ofSeconds(60));
        java.net.http.HttpResponse<java.io.InputStream> stream = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/bots/"
                        + id + "/logs/follow")).header("Authorization", "Bearer " + token).build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        String firstData = null;
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body()))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("data:")) {
                    firstData = line;
                    break;
                }
            }
        }
        // The simulated bot trades every second, so new log lines arrive while we listen.
        assertThat(firstData).contains(" - freqtrade");
        api.postJson("/api/v1/bots/" + id + "/stop", token, "");
    }

    @Test
    void restartsKilledBotAfterBackoff() {
        long id = createBot("life-kill");
        api.postJson("/api/v1/bots/" + id + "/start", token, "");
        long pid = awaitState(id, observed("running"), Duration.ofSeconds(60)).get("pid").asLong();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        JsonNode again = awaitState(id, b -> observed("running").test(b) && b.get("pid").asLong() != pid,
                Duration.ofSeconds(60));
        assertThat(again.get("pid").asLong()).isNotEqualTo(pid);
        JsonNode audit = api.get("/api/v1/audit/logs?target_type=bot&target_id=" + id + "&action=bot.restart_scheduled", token).json();
        assertThat(audit.size()).isGreaterThanOrEqualTo(1);
        api.postJson("/api/v1/bots/" + id + "/stop", token, "");
    }

    @Test
    void startsTenBotsAtOnceAndStopsThemReportingEachOne() {
        java.util.List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(createBot("bulk-" + i));
        }
        String idList = ids.toString().replace(" ", "");
        Api.Response started = api.postJson("/api/v1/bots/start-all", token, "{\"ids\":" + idList + "}");
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.json().get("results").size()).isEqualTo(10);
        java.util.Set<Long> pids = new java.util.HashSet<>();
        for (long id : ids) {
            pids.add(awaitState(id, observed("running"), Duration.ofSeconds(120)).get("pid").asLong());
        }
        assertThat(pids).hasSize(10);
        Api.Response stopped = api.postJson("/api/v1/bots/stop-all", token, "{\"ids\":" + idList + "}");
        assertThat(stopped.json().get("results").valueStream().allMatch(r -> r.get("ok").asBoolean())).isTrue();
        for (long id : ids) {
            awaitState(id, observed("stopped"), Duration.ofSeconds(20));
        }
    }

    @Test
    void readsTradesProfitAndBalanceFromTheBotAndForceExits() {
        long id = createBot("life-reads");
        api.postJson("/api/v1/bots/" + id + "/start", token, "");
        awaitState(id, observed("running"), Duration.ofSeconds(60));
        JsonNode open = awaitRead("/api/v1/bots/" + id + "/trades/open", n -> n.isArray() && n.size() > 0);
        assertThat(open.get(0).get("pair").asString()).endsWith("/USDT");
        assertThat(open.get(0).get("is_open").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/bots/" + id + "/balance", token).json().get("stake").asString()).isEqualTo("USDT");
        assertThat(api.get("/api/v1/bots/" + id + "/profit", token).json().has("profit_all_coin")).isTrue();
        assertThat(api.get("/api/v1/bots/" + id + "/trades?limit=10", token).json().has("trades")).isTrue();
        assertThat(api.get("/api/v1/bots/" + id + "/performance", token).json().isArray()).isTrue();
        assertThat(api.get("/api/v1/bots/" + id + "/daily?days=3", token).json().has("data")).isTrue();

        String viewer = api.tokenFor("reads-viewer", "viewer");
        assertThat(api.postJson("/api/v1/bots/" + id + "/forceexit", viewer, "{\"tradeid\":\"all\"}").status()).isEqualTo(403);
        Api.Response exit = api.postJson("/api/v1/bots/" + id + "/forceexit", token, "{\"tradeid\":\"all\"}");
        assertThat(exit.status()).as(exit.body()).isEqualTo(200);
        Api.Response refused = api.postJson("/api/v1/bots/" + id + "/forceexit", token, "{\"tradeid\":\"999999\"}");
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.text("detail")).startsWith("The bot refused: ");
        api.postJson("/api/v1/bots/" + id + "/stop", token, "");
        assertThat(api.get("/api/v1/bots/" + id + "/trades/open", token).status()).isEqualTo(409);
    }

    JsonNode awaitRead(String path, Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            Api.Response r = api.get(path, token);
            last = r.json();
            if (r.status() == 200 && condition.test(last)) {
                return last;
            }
            sleep(250);
        }
        throw new AssertionError(path + " never satisfied the condition; last: " + last);
    }

    @Test
    void emergencyStopOnFiveBotsWithOpenTradesExitsStopsAndDisablesTradingUntilRearmed() {
        java.util.List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long id = createBot("emergency-" + i);
            api.postJson("/api/v1/bots/" + id + "/start", token, "");
            ids.add(id);
        }
        for (long id : ids) {
            awaitState(id, observed("running"), Duration.ofSeconds(90));
            awaitRead("/api/v1/bots/" + id + "/trades/open", n -> n.isArray() && n.size() > 0);
        }
        String operator = api.tokenFor("emergency-operator", "operator");
        assertThat(api.postJson("/api/v1/emergency/stop-all", operator, "").status()).isEqualTo(403);

        Api.Response stop = api.postJson("/api/v1/emergency/stop-all?force_exit=true", token, "");
        assertThat(stop.status()).isEqualTo(200);
        for (long id : ids) {
            JsonNode result = stop.json().get("results").valueStream()
                    .filter(r -> r.get("bot_id").asLong() == id).findFirst().orElseThrow();
            assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
            assertThat(result.get("detail").asString()).contains("stopentry ok", "forceexit ok", "stop ok");
            assertThat(result.get("observed_state").asString()).isEqualTo("stopped");
        }
        assertThat(api.get("/api/v1/emergency/status", token).json().get("enabled").asBoolean()).isFalse();

        Api.Response refused = api.postJson("/api/v1/bots/" + ids.get(0) + "/start", token, "");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.text("detail")).isEqualTo("Trading is globally disabled by administrators.");
        assertThat(api.get("/api/v1/audit/logs?action=trading.disabled", token).json().size()).isGreaterThanOrEqualTo(1);

        assertThat(api.postJson("/api/v1/emergency/rearm", operator, "").status()).isEqualTo(403);
        assertThat(api.postJson("/api/v1/emergency/rearm", token, "").json().get("enabled").asBoolean()).isTrue();
    }

    @Test
    void refusesToStartABotWhoseStrategyDoesNotExist() {
        Api.Response bot = api.postJson("/api/v1/bots/", token, "{\"name\":\"no-strategy\",\"strategy_name\":\"Nowhere\","
                + "\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10}");
        Api.Response start = api.postJson("/api/v1/bots/" + bot.json().get("id").asLong() + "/start", token, "");
        assertThat(start.status()).isEqualTo(409);
        assertThat(start.text("code")).isEqualTo("strategy_missing");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
