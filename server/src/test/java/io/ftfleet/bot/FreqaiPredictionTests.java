package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.ftfleet.freqtrade.PairCandles;
import io.ftfleet.runtime.BotRuntimes;
import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** B17, F4, V1 and F7 against a real simulated FreqAI bot process. */
@FullStackTest
class FreqaiPredictionTests {


    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    BotRuntimes runtimes;
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

    long freqaiBot(String name, String modelName) {
        String strategy = "Freqai" + name.replaceAll("[^A-Za-z0-9]", "");
        String code = JsonMapper.builder().build().writeValueAsString(io.ftfleet.support.FreqaiStrategies.strategy(strategy));
        assertThat(api.postJson("/api/v1/strategies/", token, "{\"code\":" + code + "}").status()).isEqualTo(201);
        Api.Response model = api.request("POST", "/api/v1/freqai/models/?name=" + modelName
                + "&model_class=LightGBMRegressor&include_timeframes=5m&include_corr_pairs=BTC/USDT&freqai_params="
                + java.net.URLEncoder.encode("{\"feature_parameters\":{\"DI_threshold\":0.9}}", StandardCharsets.UTF_8))
                .bearer(token)
                .multipart("file", "cb_btc_1_model.joblib", "application/octet-stream",
                        ("artefact of " + modelName).getBytes(StandardCharsets.UTF_8)).send();
        assertThat(model.status()).as(model.body()).isEqualTo(201);
        return bot(name, strategy, model.json().get("id").asLong());
    }

    long bot(String name, String strategy, Long modelId) {
        Api.Response bot = api.postJson("/api/v1/bots/", token, "{\"name\":\"" + name + "\",\"strategy_name\":\""
                + strategy + "\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,"
                + "\"pair_whitelist\":[\"BTC/USDT\",\"ETH/USDT\"]"
                + (modelId == null ? "" : ",\"freqai_model_id\":" + modelId) + "}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        return bot.json().get("id").asLong();
    }

    JsonNode await(String path, java.util.function.Predicate<Api.Response> ok, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Api.Response last = null;
        while (Instant.now().isBefore(deadline)) {
            last = api.get(path, token);
            if (ok.test(last)) {
                return last.json();
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not reached within " + timeout + "; last: " + (last == null ? null : last.body()));
    }

    @Test
    void predictionsAreTheRunningBotsOwnFreqaiOutput() {
        long id = freqaiBot("fqa-live", "fqa-live-model");
        assertThat(api.get("/api/v1/bots/" + id + "/config", token).json().get("freqai").get("enabled").asBoolean()).isTrue();
        assertThat(api.postJson("/api/v1/bots/" + id + "/start", token, "").status()).isEqualTo(200);
        await("/api/v1/bots/" + id, r -> r.json().get("observed_state").asString().equals("running"), Duration.ofSeconds(60));
        // the bot trains its first model in the background; until then do_predict is 0
        JsonNode p = await("/api/v1/bots/" + id + "/prediction?pair=ETH/USDT",
                r -> r.status() == 200 && r.json().get("do_predict").asInt() != 0, Duration.ofSeconds(60));

        PairCandles own = runtimes.client(id).orElseThrow().pairCandles("ETH/USDT", "5m", 3);
        int row = -1;
        for (int i = 0; i < own.data().size(); i++) {
            if (own.data().get(i).get(own.columns().indexOf("date")).asString().equals(p.get("candle_date").asString())) {
                row = i;
            }
        }
        assertThat(row).as("the bot's own dataframe holds the predicted candle").isNotNegative();
        List<JsonNode> cells = own.data().get(row);
        for (String column : List.of("&-s_close", "&-s_close_mean", "&-s_close_std")) {
            assertThat(p.get("targets").get(column).asDouble()).isEqualTo(cells.get(own.columns().indexOf(column)).asDouble());
        }
        assertThat(p.get("do_predict").asInt()).isEqualTo(cells.get(own.columns().indexOf("do_predict")).asInt());
        assertThat(p.get("di_values").asDouble()).isEqualTo(cells.get(own.columns().indexOf("DI_values")).asDouble());
        assertThat(p.get("pair").asString()).isEqualTo("ETH/USDT");
        assertThat(p.get("prediction").asString()).isIn("long", "short", "neutral");
        double z = (p.get("targets").get("&-s_close").asDouble() - p.get("targets").get("&-s_close_mean").asDouble())
                / p.get("targets").get("&-s_close_std").asDouble();
        if (p.get("do_predict").asInt() == 1) {
            assertThat(p.get("confidence").asDouble()).isCloseTo(Math.min(Math.abs(z) / 3, 1), org.assertj.core.data.Offset.offset(1e-4));
            assertThat(p.get("prediction").asString()).isEqualTo(z >= 1 ? "long" : z <= -1 ? "short" : "neutral");
        }

        Api.Response byModel = api.postJson("/api/v1/freqai/predict/fqa-live-model", token, "{\"pair\":\"ETH/USDT\"}");
        assertThat(byModel.status()).as(byModel.body()).isEqualTo(200);
        assertThat(byModel.text("status")).isEqualTo("success");
        assertThat(byModel.json().get("prediction").get("bot_id").asLong()).isEqualTo(id);
        assertThat(byModel.json().get("prediction").get("targets").has("&-s_close")).isTrue();

        Api.Response advanced = api.postJson("/api/v1/advanced/predict", token,
                "{\"bot_name\":\"fqa-live\",\"pair\":\"BTC/USDT\",\"timeframe\":\"5m\",\"strategy\":\"Freqaifqalive\"}");
        assertThat(advanced.status()).as(advanced.body()).isEqualTo(200);
        assertThat(advanced.json().get("predictions").get("pair").asString()).isEqualTo("BTC/USDT");
        Api.Response wrongTf = api.postJson("/api/v1/advanced/predict", token,
                "{\"bot_name\":\"fqa-live\",\"pair\":\"BTC/USDT\",\"timeframe\":\"1h\",\"strategy\":\"Freqaifqalive\"}");
        assertThat(wrongTf.status()).isEqualTo(422);
        assertThat(api.get("/api/v1/bots/" + id + "/prediction?pair=XRP/USDT", token).status()).isEqualTo(422);

        JsonNode health = api.get("/api/v1/freqai/health", token).json();
        assertThat(health.get("models").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(health.get("artefact_store").get("writable").asBoolean()).isTrue();
        assertThat(health.get("artefact_store").get("files").asLong()).isGreaterThanOrEqualTo(1);
        JsonNode ready = api.get("/health", null).json().get("checks").get("freqai");
        assertThat(ready.get("status").asString()).isEqualTo("healthy");
        assertThat(ready.get("required").asBoolean()).isFalse();
    }

    @Test
    void botWithoutFreqaiOrNotRunningGets409() {
        String strategy = "PlainPrediction";
        api.postJson("/api/v1/strategies/", token, StrategyFixtures.body(strategy));
        long plain = bot("fqa-plain", strategy, null);
        Api.Response r = api.get("/api/v1/bots/" + plain + "/prediction", token);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.text("code")).isEqualTo("bot_not_freqai");
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");

        long stopped = freqaiBot("fqa-stopped", "fqa-stopped-model");
        Api.Response notRunning = api.get("/api/v1/bots/" + stopped + "/prediction", token);
        assertThat(notRunning.status()).isEqualTo(409);
        assertThat(notRunning.text("code")).isEqualTo("bot_not_running");
        Api.Response unusedModel = api.postJson("/api/v1/freqai/predict/no-such-model", token, "{}");
        assertThat(unusedModel.status()).isEqualTo(404);
        assertThat(api.get("/api/v1/bots/" + plain + "/prediction", null).status()).isEqualTo(401);
    }
}
