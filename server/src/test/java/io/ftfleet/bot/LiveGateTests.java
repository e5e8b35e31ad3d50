package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

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

/** The gate before live money ({@code ftfleet.safety.live-requires}, default {@code backtest}) over real HTTP. */
@FullStackTest
class LiveGateTests {

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
        registry.add("ftfleet.jobs.poll-interval", () -> "100ms");
    }

    @LocalServerPort
    int port;
    Api api;
    String admin;
    static Api cleanupApi;
    static String cleanupToken;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        cleanupApi = api;
        cleanupToken = admin;
    }

    @AfterAll
    static void stopEverything() {
        if (cleanupApi != null) {
            cleanupApi.postJson("/api/v1/bots/stop-all", cleanupToken, "{}");
        }
    }

    long bot(String name, String strategy, boolean dryRun, String token) {
        api.postJson("/api/v1/strategies/", token, StrategyFixtures.body(strategy));
        Api.Response bot = api.postJson("/api/v1/bots/", token, "{\"name\":\"" + name + "\",\"strategy_name\":\""
                + strategy + "\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,"
                + "\"pair_whitelist\":[\"BTC/USDT\"],\"dry_run\":" + dryRun
                + (dryRun ? "" : ",\"exchange_key\":\"k-123\",\"exchange_secret\":\"s-456\"") + "}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        return bot.json().get("id").asLong();
    }

    JsonNode awaitRunning(long id, String token) {
        return Await.until(() -> api.get("/api/v1/bots/" + id, token).json(),
                b -> b.get("observed_state").asString().equals("running"), Duration.ofSeconds(60));
    }

    JsonNode awaitJob(long id, String token) {
        return Await.until(() -> api.get("/api/v1/jobs/" + id, token).json(),
                j -> List.of("completed", "failed", "cancelled").contains(j.get("status").asString()),
                Duration.ofSeconds(90));
    }

    @Test
    void aLiveStartOfANeverBacktestedVersionIsRefusedAndStartsOnceABacktestCompleted() {
        String operator = api.tokenFor("gate-op", "operator");
        long id = bot("gate-live", "GateLive", false, operator);

        Api.Response refused = api.postJson("/api/v1/bots/" + id + "/start", operator, "");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("strategy_not_vetted");
        assertThat(refused.json().get("missing").toString()).isEqualTo("[\"backtest\"]");
        assertThat(refused.text("detail")).contains("backtest").contains("GateLive");
        // bulk start and a restart of the stopped bot go through the same gate
        Api.Response bulk = api.postJson("/api/v1/bots/start-all", operator, "{\"ids\":[" + id + "]}");
        assertThat(bulk.json().get("results").get(0).get("ok").asBoolean()).isFalse();
        assertThat(bulk.json().get("results").get(0).get("detail").asString()).contains("lacks: backtest");
        assertThat(api.postJson("/api/v1/bots/" + id + "/restart", operator, "").status()).isEqualTo(409);
        assertThat(api.get("/api/v1/bots/" + id, operator).json().get("desired_state").asString())
                .isEqualTo("stopped");

        JsonNode download = api.postJson("/api/v1/data/download", operator, "{\"exchanges\":[\"binance\"],"
                + "\"pairs\":[\"BTC/USDT\"],\"days\":3,\"timeframes\":[\"5m\"]}").json();
        assertThat(awaitJob(download.get("job_ids").get(0).asLong(), operator).get("status").asString())
                .isEqualTo("completed");
        long backtest = api.postJson("/api/v1/backtests", operator, "{\"strategy_name\":\"GateLive\","
                + "\"exchange\":\"binance\",\"pairs\":[\"BTC/USDT\"],\"timeframe\":\"5m\"}").json().get("id").asLong();
        assertThat(awaitJob(backtest, operator).get("status").asString()).isEqualTo("completed");

        Api.Response started = api.postJson("/api/v1/bots/" + id + "/start", operator, "");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        awaitRunning(id, operator);
        api.postJson("/api/v1/bots/" + id + "/stop", operator, "");
    }

    @Test
    void anAdminOverrideLetsOneBotTradeLiveAndIsAudited() {
        long id = bot("gate-override", "GateOverride", false, admin);
        String operator = api.tokenFor("gate-op2", "operator");
        assertThat(api.request("PUT", "/api/v1/bots/" + id + "/live-override").bearer(operator)
                .json("{\"reason\":\"trust me\"}").send().status()).isEqualTo(403);
        assertThat(api.request("PUT", "/api/v1/bots/" + id + "/live-override").bearer(admin).json("{\"reason\":\" \"}")
                .send().status()).isEqualTo(422);
        assertThat(api.postJson("/api/v1/bots/" + id + "/start", admin, "").status()).isEqualTo(409);

        Api.Response granted = api.request("PUT", "/api/v1/bots/" + id + "/live-override").bearer(admin)
                .json("{\"reason\":\"ported from a vetted setup, ticket 42\"}").send();
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        assertThat(granted.text("granted_by")).isEqualTo("admin");
        assertThat(granted.json().get("strategy_version_id").asLong()).isPositive();

        assertThat(api.postJson("/api/v1/bots/" + id + "/start", admin, "").status()).isEqualTo(200);
        awaitRunning(id, admin);
        JsonNode audit = api.get("/api/v1/audit/logs?target_type=bot&target_id=" + id, admin).json();
        assertThat(audit.toString()).contains("bot.live_override_granted").contains("ticket 42")
                .contains("bot.live_override_used");
        api.postJson("/api/v1/bots/" + id + "/stop", admin, "");

        assertThat(api.request("DELETE", "/api/v1/bots/" + id + "/live-override").bearer(admin).send().status())
                .isEqualTo(200);
        Await.until(() -> api.get("/api/v1/bots/" + id, admin).json(),
                b -> b.get("observed_state").asString().equals("stopped"), Duration.ofSeconds(30));
        assertThat(api.postJson("/api/v1/bots/" + id + "/start", admin, "").status()).isEqualTo(409);
        assertThat(api.get("/api/v1/audit/logs?target_type=bot&target_id=" + id, admin).json().toString())
                .contains("bot.live_override_revoked");
    }

    /**
     * Restart and reload of a running bot are not gated (a vetted live bot must survive them), so the edit that would
     * make a running dry bot live on an unvetted version is refused: otherwise restart or reload would launch it live.
     */
    @Test
    void turningARunningDryBotLiveOnAnUnvettedVersionIsRefusedSoRestartAndReloadKeepItDry() {
        String operator = api.tokenFor("gate-op3", "operator");
        long id = bot("gate-edit", "GateEdit", true, operator);
        assertThat(api.postJson("/api/v1/bots/" + id + "/start", operator, "").status()).isEqualTo(200);
        awaitRunning(id, operator);

        Api.Response edited = api.request("PUT", "/api/v1/bots/" + id).bearer(operator)
                .json("{\"dry_run\":false,\"exchange_key\":\"k-123\",\"exchange_secret\":\"s-456\"}").send();
        assertThat(edited.status()).as(edited.body()).isEqualTo(409);
        assertThat(edited.text("code")).isEqualTo("strategy_not_vetted");
        assertThat(edited.json().get("missing").toString()).isEqualTo("[\"backtest\"]");
        // the whole-config route is the same edit
        tools.jackson.databind.node.ObjectNode config = (tools.jackson.databind.node.ObjectNode) api
                .get("/api/v1/bots/" + id + "/config", operator).json();
        config.put("dry_run", false);
        ((tools.jackson.databind.node.ObjectNode) config.get("exchange")).put("key", "k-123").put("secret", "s-456");
        Api.Response replaced = api.request("PUT", "/api/v1/bots/" + id + "/config").bearer(operator)
                .json(config.toString()).send();
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(409);
        assertThat(replaced.text("code")).isEqualTo("strategy_not_vetted");
        assertThat(api.get("/api/v1/bots/" + id, operator).json().get("dry_run").asBoolean()).isTrue();

        Api.Response restarted = api.postJson("/api/v1/bots/" + id + "/restart", operator, "");
        assertThat(restarted.status()).as(restarted.body()).isEqualTo(200);
        awaitRunning(id, operator);
        assertThat(api.get("/api/v1/bots/" + id + "/show_config", operator).json().get("dry_run").asBoolean())
                .as("the bot's own answer after restart").isTrue();
        Api.Response reloaded = api.postJson("/api/v1/bots/" + id + "/reload", operator, "");
        assertThat(reloaded.status()).as(reloaded.body()).isEqualTo(200);
        awaitRunning(id, operator);
        assertThat(api.get("/api/v1/bots/" + id + "/show_config", operator).json().get("dry_run").asBoolean())
                .as("the bot's own answer after reload").isTrue();

        // Stopped, the same edit is stored: the next start is the gate.
        api.postJson("/api/v1/bots/" + id + "/stop", operator, "");
        Await.until(() -> api.get("/api/v1/bots/" + id, operator).json(),
                b -> b.get("observed_state").asString().equals("stopped"), Duration.ofSeconds(30));
        assertThat(api.request("PUT", "/api/v1/bots/" + id).bearer(operator)
                .json("{\"dry_run\":false,\"exchange_key\":\"k-123\",\"exchange_secret\":\"s-456\"}").send()
                .status()).isEqualTo(200);
        assertThat(api.postJson("/api/v1/bots/" + id + "/start", operator, "").status()).isEqualTo(409);
    }

    @Test
    void dryRunBotsStartWithoutAnyResearch() {
        long id = bot("gate-dry", "GateDry", true, admin);
        Api.Response started = api.postJson("/api/v1/bots/" + id + "/start", admin, "");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        awaitRunning(id, admin);
        api.postJson("/api/v1/bots/" + id + "/stop", admin, "");
    }
}
