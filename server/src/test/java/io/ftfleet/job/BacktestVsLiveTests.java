package io.ftfleet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backtest vs live over real HTTP: a simulated dry-run bot trades for a short while and stops; its comparison with a
 * backtest of its pinned version over the window it traded. Only invariants are asserted (counts add up, the bot's
 * pairs and window, its setup), never what this simulator's fake backtest happens to produce.
 */
@FullStackTest
class BacktestVsLiveTests {

    static final List<String> PAIRS = List.of("BTC/USDT", "ETH/USDT");
    static final long CANDLE_MS = Duration.ofMinutes(5).toMillis();

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
        registry.add("ftfleet.jobs.poll-interval", () -> "100ms");
        registry.add("ftfleet.analytics.sync-interval", () -> "300ms");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    Api api;
    static Api cleanupApi;
    static String cleanupToken;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        cleanupApi = api;
        cleanupToken = api.adminToken();
    }

    @AfterAll
    static void stopEverything() {
        if (cleanupApi != null) {
            cleanupApi.postJson("/api/v1/bots/stop-all", cleanupToken, "{}");
        }
    }

    long bot(String name, String strategy, String token) {
        return bot(name, strategy, token, "{}");
    }

    long bot(String name, String strategy, String token, String config) {
        Api.Response bot = api.postJson("/api/v1/bots/", token, "{\"name\":\"" + name + "\",\"strategy_name\":\""
                + strategy + "\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,"
                + "\"max_open_trades\":2,\"timeframe\":\"5m\",\"pair_whitelist\":[\"BTC/USDT\",\"ETH/USDT\"],"
                + "\"dry_run\":true,\"config\":" + config + "}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        return bot.json().get("id").asLong();
    }

    JsonNode awaitState(long id, String token, String state) {
        return Await.until(() -> api.get("/api/v1/bots/" + id, token).json(),
                b -> b.get("observed_state").asString().equals(state), Duration.ofSeconds(60));
    }

    JsonNode awaitJob(long id, String token) {
        return Await.until(() -> api.get("/api/v1/jobs/" + id, token).json(),
                j -> List.of("completed", "failed", "cancelled").contains(j.get("status").asString()),
                Duration.ofSeconds(120));
    }

    int ledgerCount(long botId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM analytics_closed_trades WHERE bot_id = ?", Integer.class,
                botId);
    }

    @Test
    void aStoppedBotThatTradedIsComparedWithABacktestOfItsPinnedVersionOverTheWindowItTraded() throws IOException {
        String operator = api.tokenFor("btlive-op", "operator");
        api.postJson("/api/v1/strategies/", operator, StrategyFixtures.body("TradedLive"));
        long id = bot("btlive-traded", "TradedLive", operator, "{\"stoploss\":-0.07,\"fee\":0.002}");
        assertThat(api.get("/api/v1/bots/" + id + "/backtest-vs-live", operator).status()).isEqualTo(404);
        Api.Response early = api.postJson("/api/v1/bots/" + id + "/backtest-vs-live", operator, "");
        assertThat(early.status()).as(early.body()).isEqualTo(409);
        assertThat(early.text("code")).isEqualTo("no_live_trades");

        assertThat(api.postJson("/api/v1/bots/" + id + "/start", operator, "").status()).isEqualTo(200);
        awaitState(id, operator, "running");
        Await.until(() -> ledgerCount(id), n -> n >= 3, Duration.ofSeconds(90));
        api.postJson("/api/v1/bots/" + id + "/stop", operator, "");
        awaitState(id, operator, "stopped");
        long pinned = api.get("/api/v1/bots/" + id, operator).json().get("strategy_version_id").asLong();
        Map<String, Object> ledger = jdbc.queryForMap("SELECT COUNT(*) AS n, MIN(open_ms) AS first_open, "
                + "MAX(close_ms) AS last_close FROM analytics_closed_trades WHERE bot_id = ?", id);
        long firstOpen = ((Number) ledger.get("first_open")).longValue();
        long lastClose = ((Number) ledger.get("last_close")).longValue();
        Instant since = Instant.ofEpochMilli(firstOpen / CANDLE_MS * CANDLE_MS);
        Instant until = Instant.ofEpochMilli((lastClose / CANDLE_MS + 1) * CANDLE_MS);

        Api.Response submitted = api.postJson("/api/v1/bots/" + id + "/backtest-vs-live", operator, "");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        long jobId = submitted.json().get("id").asLong();
        assertThat(submitted.header("Location")).isEqualTo("/api/v1/jobs/" + jobId);
        assertThat(submitted.text("kind")).isEqualTo("backtest_vs_live");
        JsonNode params = submitted.json().get("params");
        assertThat(params.get("strategy_version_id").asLong()).isEqualTo(pinned);
        assertThat(params.get("pairs").toString()).isEqualTo("[\"BTC/USDT\",\"ETH/USDT\"]");
        assertThat(params.get("stake_amount").asString()).isEqualTo("10");
        assertThat(params.get("max_open_trades").asInt()).isEqualTo(2);
        assertThat(params.get("timerange").asString()).isEqualTo(since.getEpochSecond() + "-" + until.getEpochSecond());

        assertThat(params.get("fee").asDouble()).isEqualTo(0.002);
        assertThat(params.get("bot_settings").get("stoploss").asDouble()).isEqualTo(-0.07);

        JsonNode job = awaitJob(jobId, operator);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        // the backtest ran with the bot's settings: its config and its command line
        Path workDir = Path.of(jdbc.queryForObject("SELECT work_dir FROM jobs WHERE id = ?", String.class, jobId));
        JsonNode config = JsonMapper.builder().build().readTree(Files.readString(workDir.resolve("config.json")));
        assertThat(config.get("stoploss").asDouble()).isEqualTo(-0.07);
        assertThat(config.has("api_server")).isFalse();
        JsonNode result = JsonMapper.builder().build().readTree(Files.readString(workDir.resolve(
                job.get("result_file").asString())));
        for (JsonNode trade : result.get("strategy").get("TradedLive").get("trades")) {
            assertThat(trade.get("fee_open").asDouble()).as("the bot's fee").isEqualTo(0.002);
        }
        JsonNode c = job.get("summary");
        int live = ((Number) ledger.get("n")).intValue();
        assertThat(c.get("bot_id").asLong()).isEqualTo(id);
        assertThat(c.get("strategy_version_id").asLong()).isEqualTo(pinned);
        assertThat(c.get("timeframe").asString()).isEqualTo("5m");
        assertThat(Instant.parse(c.get("since").asString())).isEqualTo(since);
        assertThat(Instant.parse(c.get("until").asString())).isEqualTo(until);
        assertThat(c.get("live_trades").asInt()).isEqualTo(live);
        int matched = c.get("matched_trades").asInt();
        assertThat(matched + c.get("unmatched_live_trades").asInt()).isEqualTo(live);
        assertThat(matched + c.get("unmatched_backtest_trades").asInt()).isEqualTo(c.get("backtest_trades").asInt());
        assertThat(c.get("matched").size()).isEqualTo(Math.min(matched, c.get("listed_at_most").asInt()));
        Set<String> pairs = new HashSet<>();
        int perPairLive = 0;
        for (JsonNode row : c.get("profit_per_pair")) {
            pairs.add(row.get("pair").asString());
            perPairLive += row.get("live_trades").asInt();
        }
        assertThat(PAIRS).containsAll(pairs);
        assertThat(perPairLive).isEqualTo(live);
        Number ledgerProfit = jdbc.queryForObject("SELECT SUM(profit_abs) FROM analytics_closed_trades "
                + "WHERE bot_id = ?", Double.class, id);
        assertThat(c.get("profit").get("live_profit_abs").asDouble())
                .isCloseTo(ledgerProfit.doubleValue(), org.assertj.core.api.Assertions.within(1e-6));
        assertThat(c.get("stake_currency").asString()).isEqualTo("USDT");

        JsonNode latest = api.get("/api/v1/bots/" + id + "/backtest-vs-live", operator).json();
        assertThat(latest.get("job_id").asLong()).isEqualTo(jobId);
        assertThat(latest.get("comparison").get("live_trades").asInt()).isEqualTo(live);

        String admin = api.adminToken();
        assertThat(api.get("/api/v1/audit/logs?target_type=job&target_id=" + jobId, admin).json().toString())
                .contains("job.submitted").contains("backtest_vs_live");

        // a window in which the bot did not trade
        Api.Response empty = api.postJson("/api/v1/bots/" + id + "/backtest-vs-live", operator, "{\"since\":\""
                + since.minus(Duration.ofDays(2)) + "\",\"until\":\"" + since.minus(Duration.ofDays(1)) + "\"}");
        assertThat(empty.status()).as(empty.body()).isEqualTo(409);
        assertThat(empty.text("code")).isEqualTo("no_live_trades");
        assertThat(empty.text("detail")).contains("btlive-traded");
        // another user's bot does not exist for them
        String other = api.tokenFor("btlive-other", "operator");
        assertThat(api.postJson("/api/v1/bots/" + id + "/backtest-vs-live", other, "").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/bots/" + id + "/backtest-vs-live", other).status()).isEqualTo(404);
    }

    @Test
    void badDatesAndABotWithoutAPinnedVersionAreRefusedClearly() {
        String operator = api.tokenFor("btlive-op2", "operator");
        api.postJson("/api/v1/strategies/", operator, StrategyFixtures.body("NeverTraded"));
        long id = bot("btlive-idle", "NeverTraded", operator);
        for (String body : List.of("{\"since\":\"yesterday\"}", "{\"since\":\"2026-12-05T10:00:00Z\","
                + "\"until\":\"2026-12-05T09:00:00Z\"}", "{\"until\":\"1990-01-01T00:00:00Z\"}", "{\"since\":5}",
                "[1,2]")) {
            Api.Response r = api.postJson("/api/v1/bots/" + id + "/backtest-vs-live", operator, body);
            assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(422);
            assertThat(r.body()).doesNotContain("Exception");
        }
        Api.Response idle = api.postJson("/api/v1/bots/" + id + "/backtest-vs-live", operator,
                "{\"since\":\"2026-12-01T00:00:00Z\",\"until\":\"2026-12-02T00:00:00Z\"}");
        assertThat(idle.status()).as(idle.body()).isEqualTo(409);
        assertThat(idle.text("code")).isEqualTo("no_live_trades");

        long unpinned = bot("btlive-unpinned", "NotStoredYet", operator);
        Api.Response refused = api.postJson("/api/v1/bots/" + unpinned + "/backtest-vs-live", operator, "");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("strategy_not_pinned");
        assertThat(refused.text("detail")).contains("NotStoredYet");
        assertThat(api.postJson("/api/v1/bots/999999/backtest-vs-live", operator, "").status()).isEqualTo(404);
        assertThat(api.postJson("/api/v1/bots/abc/backtest-vs-live", operator, "").status()).isIn(404, 422);
    }
}
