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

/** B17, F4, V1, V2 and F7 against a real simulated FreqAI bot process; V2 is recomputed here from the bot's own candles. */
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

    // ------------------------------------------------------------- V2: model metrics on the bot's own candles

    /** Independent of the server: hits, tp, predicted up, actually up and rows, straight from the bot's columns. */
    static long[] expected(PairCandles k, int n) {
        List<String> cols = k.columns();
        int close = cols.indexOf("close");
        int pred = cols.indexOf("&-s_close");
        int dp = cols.indexOf("do_predict");
        long[] c = new long[5];
        for (int i = 0; i + n < k.data().size(); i++) {
            List<JsonNode> row = k.data().get(i);
            if (!row.get(dp).isNumber() || row.get(dp).asInt() != 1 || !row.get(pred).isNumber()) {
                continue;
            }
            double sum = 0;
            for (int q = i + 1; q <= i + n; q++) {
                sum += k.data().get(q).get(close).asDouble();
            }
            double label = (sum / n) / row.get(close).asDouble() - 1;
            boolean up = row.get(pred).asDouble() > 0;
            boolean wentUp = label > 0;
            c[0] += up == wentUp ? 1 : 0;
            c[1] += up && wentUp ? 1 : 0;
            c[2] += up ? 1 : 0;
            c[3] += wentUp ? 1 : 0;
            c[4]++;
        }
        return c;
    }

    @Test
    void metricsAreMeasuredOnTheBotsOwnCandles() {
        long id = freqaiBot("mm-live", "mm-live-model");
        JsonNode lpc = api.get("/api/v1/bots/" + id + "/config", token).json().get("freqai").path("feature_parameters")
                .path("label_period_candles");
        int n = lpc.isNumber() ? lpc.asInt() : 24;
        assertThat(api.postJson("/api/v1/bots/" + id + "/start", token, "").status()).isEqualTo(200);
        await("/api/v1/bots/" + id, r -> r.json().get("observed_state").asString().equals("running"), Duration.ofSeconds(60));
        await("/api/v1/bots/" + id + "/prediction?pair=ETH/USDT",
                r -> r.status() == 200 && r.json().get("do_predict").asInt() != 0, Duration.ofSeconds(60));

        var client = runtimes.client(id).orElseThrow();
        int limit = BotModelMetrics.limit(n);
        // a new candle may close (or the model retrain) between the two reads: retry until both reads agree
        for (int attempt = 0; ; attempt++) {
            List<PairCandles> before = List.of(client.pairCandles("BTC/USDT", "5m", limit),
                    client.pairCandles("ETH/USDT", "5m", limit));
            Api.Response r = api.get("/api/v1/advanced/model-metrics?bot_name=mm-live", token);
            List<PairCandles> after = List.of(client.pairCandles("BTC/USDT", "5m", limit),
                    client.pairCandles("ETH/USDT", "5m", limit));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            if (!before.get(0).data().equals(after.get(0).data()) || !before.get(1).data().equals(after.get(1).data())) {
                assertThat(attempt).as("the bot's candles keep changing").isLessThan(5);
                continue;
            }
            long[] c = new long[5];
            for (PairCandles k : after) {
                long[] p = expected(k, n);
                for (int j = 0; j < 5; j++) {
                    c[j] += p[j];
                }
            }
            JsonNode m = r.json();
            assertThat(m.get("bot_name").asString()).isEqualTo("mm-live");
            assertThat(m.get("target").asString()).isEqualTo("&-s_close");
            assertThat(m.get("label_period_candles").asInt()).isEqualTo(n);
            assertThat(m.get("pairs").toString()).isEqualTo("[\"BTC/USDT\",\"ETH/USDT\"]");
            assertThat(c[4]).as("the simulated bot has evaluable rows once its model is trained").isPositive();
            assertThat(m.get("status").asString()).isEqualTo("measured");
            assertThat(m.get("evaluated_rows").asLong()).isEqualTo(c[4]);
            assertThat(m.get("accuracy").asDouble()).isEqualTo((double) c[0] / c[4]);
            if (c[2] > 0) {
                assertThat(m.get("precision").asDouble()).isEqualTo((double) c[1] / c[2]);
            } else {
                assertThat(m.get("precision").isNull()).isTrue();
            }
            if (c[3] > 0) {
                assertThat(m.get("recall").asDouble()).isEqualTo((double) c[1] / c[3]);
            } else {
                assertThat(m.get("recall").isNull()).isTrue();
            }
            PairCandles btc = after.get(0);
            assertThat(m.get("window").get("first").asString())
                    .isEqualTo(btc.data().get(0).get(btc.columns().indexOf("date")).asString());
            assertThat(m.get("window").get("last").asString()).isEqualTo(btc.last("date").asString());
            break;
        }

        Api.Response missing = api.get("/api/v1/advanced/model-metrics", token);
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.get("/api/v1/advanced/model-metrics?bot_name=", token).status()).isEqualTo(422);
        assertThat(api.get("/api/v1/advanced/model-metrics?bot_name=mm-live", null).status()).isEqualTo(401);

        String other = api.tokenFor("mm-viewer", "viewer");
        Api.Response foreign = api.get("/api/v1/advanced/model-metrics?bot_name=mm-live", other);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.text("code")).isEqualTo("bot_not_found");
        assertThat(api.get("/api/v1/advanced/model-metrics?bot_name=mm-nobody", token).status()).isEqualTo(404);
    }

    @Test
    void modelMetricsOfABotWithoutFreqaiOrNotRunningAre409() {
        api.postJson("/api/v1/strategies/", token, StrategyFixtures.body("PlainMetrics"));
        bot("mm-plain", "PlainMetrics", null);
        Api.Response plain = api.get("/api/v1/advanced/model-metrics?bot_name=mm-plain", token);
        assertThat(plain.status()).isEqualTo(409);
        assertThat(plain.text("code")).isEqualTo("bot_not_freqai");
        assertThat(plain.header("Content-Type")).startsWith("application/problem+json");

        freqaiBot("mm-stopped", "mm-stopped-model");
        Api.Response stopped = api.get("/api/v1/advanced/model-metrics?bot_name=mm-stopped", token);
        assertThat(stopped.status()).isEqualTo(409);
        assertThat(stopped.text("code")).isEqualTo("bot_not_running");
    }
}
