package io.ftfleet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Predicate;

import io.ftfleet.support.FreqaiStrategies;
import io.ftfleet.core.DataDirectory;
import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * FreqAI training as a job with real simulator processes: F1 → the model lands in the registry (artefacts,
 * metrics, lineage) → a bot started with it gets the freqai section and the artefacts and predicts at once → F5/F6
 * and M4 backtest with it.
 */
@FullStackTest
class FreqaiTrainingTests {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
        registry.add("ftfleet.jobs.poll-interval", () -> "100ms");
    }

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory dataDirectory;
    static Api cleanupApi;
    static String cleanupToken;

    @AfterAll
    static void stopBots() {
        if (cleanupApi != null) {
            cleanupApi.postJson("/api/v1/bots/stop-all", cleanupToken, "{}");
        }
    }

    @Test
    void trainedModelLandsInTheRegistryAndABotStartedWithItGetsTheArtefacts() throws Exception {
        Api api = new Api(port);
        String token = api.tokenFor("trainer", "operator");
        cleanupApi = api;
        cleanupToken = token;
        String code = JsonMapper.builder().build().writeValueAsString(FreqaiStrategies.strategy("TrainedStrat"));
        assertThat(api.postJson("/api/v1/strategies/", token, "{\"code\":" + code + "}").status()).isEqualTo(201);
        JsonNode download = api.postJson("/api/v1/data/download", token, "{\"exchanges\":[\"binance\"],"
                + "\"pairs\":[\"BTC/USDT\",\"ETH/USDT\"],\"days\":10,\"timeframes\":[\"5m\"]}").json();
        assertThat(awaitEnd(api, download.get("job_ids").get(0).asLong(), token).get("status").asString()).isEqualTo("completed");

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        DateTimeFormatter f = DateTimeFormatter.BASIC_ISO_DATE;
        String timerange = today.minusDays(6).format(f) + "-" + today.minusDays(1).format(f);
        Api.Response train = api.postJson("/api/v1/freqai/train?model_name=trained-1&strategy_name=TrainedStrat&timerange="
                + timerange, token, "{\"pairs\":[\"BTC/USDT\",\"ETH/USDT\"],\"freqai_params\":{\"train_period_days\":2,"
                + "\"backtest_period_days\":2,\"feature_parameters\":{\"DI_threshold\":0.9}}}");
        assertThat(train.status()).as(train.body()).isEqualTo(202);
        long jobId = train.json().get("job_id").asLong();
        JsonNode pending = api.get("/api/v1/freqai/models/trained-1", token).json();
        assertThat(pending.get("model_info").get("training_job").get("job_id").asLong()).isEqualTo(jobId);

        JsonNode job = awaitEnd(api, jobId, token);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        long modelId = job.get("summary").get("model_id").asLong();
        JsonNode model = api.get("/api/v1/freqai/models/" + modelId, token).json();
        assertThat(model.get("identifier").asString()).isEqualTo("freqai_trained-1");
        assertThat(model.get("model_class").asString()).isEqualTo("LightGBMRegressor");
        JsonNode meta = model.get("model_metadata");
        assertThat(meta.get("training_job_id").asLong()).isEqualTo(jobId);
        assertThat(meta.get("timerange").asString()).isEqualTo(timerange);
        assertThat(meta.get("strategy_version_id").asLong()).isPositive();
        assertThat(meta.get("freqai_params").get("train_period_days").asInt()).isEqualTo(2);
        assertThat(meta.get("metrics").get("trained_pairs").toString()).contains("BTC/USDT", "ETH/USDT");
        assertThat(meta.get("metrics").get("trainings").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(meta.get("metrics").has("trades")).isTrue();
        List<String> files = meta.get("artefact_files").valueStream().map(JsonNode::asString).toList();
        assertThat(files).contains("models/freqai_trained-1/pair_dictionary.json");
        assertThat(files).anyMatch(p -> p.matches("models/freqai_trained-1/sub-train-BTC_\\d+/cb_btc_\\d+_model\\.joblib"));
        JsonNode status = api.get("/api/v1/freqai/models/trained-1", token).json();
        assertThat(status.get("model_info").get("status").asString()).isEqualTo("completed");
        assertThat(status.get("model_info").get("training_job").get("status").asString()).isEqualTo("completed");
        assertThat(api.postJson("/api/v1/freqai/train?model_name=trained-1&strategy_name=TrainedStrat&timerange="
                + timerange, token, "{}").status()).isEqualTo(409);

        Api.Response bot = api.postJson("/api/v1/bots/", token, "{\"name\":\"trained-bot\",\"strategy_name\":\"TrainedStrat\","
                + "\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,"
                + "\"pair_whitelist\":[\"BTC/USDT\",\"ETH/USDT\"],\"freqai_model_id\":" + modelId + "}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        long botId = bot.json().get("id").asLong();
        JsonNode config = api.get("/api/v1/bots/" + botId + "/config", token).json();
        assertThat(config.get("freqai").get("identifier").asString()).isEqualTo("freqai_trained-1");
        assertThat(config.get("freqai").get("train_period_days").asInt()).isEqualTo(2);
        assertThat(config.get("freqaimodel").asString()).isEqualTo("LightGBMRegressor");
        assertThat(api.postJson("/api/v1/bots/" + botId + "/start", token, "").status()).isEqualTo(200);
        Path models = dataDirectory.root().resolve("bots/" + botId + "/user_data/models/freqai_trained-1");
        await(() -> Files.exists(models.resolve("pair_dictionary.json")));
        for (String file : files) {
            assertThat(dataDirectory.root().resolve("bots/" + botId + "/user_data").resolve(file)).exists();
        }
        // the bot loads the trained model at start: its first analysis already predicts (no zeros while training)
        JsonNode prediction = awaitGet(api, "/api/v1/bots/" + botId + "/prediction", token, r -> r.status() == 200);
        assertThat(prediction.get("targets").has("&-s_close")).isTrue();

        Api.Response bt = api.postJson("/api/v1/freqai/backtest?strategy_name=TrainedStrat&freqai_model=trained-1&timerange="
                + timerange, token, "{}");
        assertThat(bt.status()).as(bt.body()).isEqualTo(202);
        long task = bt.json().get("task_id").asLong();
        JsonNode done = awaitGet(api, "/api/v1/freqai/backtest/" + task, token,
                r -> r.json().get("task").get("status").asString().matches("completed|failed|cancelled"));
        assertThat(done.get("task").get("status").asString()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("task").get("summary").has("profit_abs")).isTrue();
        assertThat(api.get("/api/v1/freqai/backtest/999999", token).status()).isEqualTo(404);

        Api.Response m4 = api.postJson("/api/v1/freqai/models/" + modelId + "/backtest", token, "{\"bot_id\":" + botId + "}");
        assertThat(m4.status()).as(m4.body()).isEqualTo(202);
        JsonNode m4done = awaitEnd(api, m4.json().get("task_id").asLong(), token);
        assertThat(m4done.get("status").asString()).as(m4done.toString()).isEqualTo("completed");
        assertThat(m4done.get("params").get("freqai_model_id").asLong()).isEqualTo(modelId);
        assertThat(m4done.get("params").get("timerange").asString()).isEqualTo(timerange);
        assertThat(api.postJson("/api/v1/freqai/models/" + modelId + "/backtest", token, "{\"bot_id\":999999}").status())
                .isEqualTo(404);

        // a model in use cannot go; once its bot is gone, deleting it removes its stored files
        assertThat(api.request("DELETE", "/api/v1/freqai/models/" + modelId).bearer(token).send().status()).isEqualTo(409);
        String manifest = model.get("file_path").asString();
        assertThat(dataDirectory.root().resolve(manifest)).exists();
        JsonNode stored = JsonMapper.builder().build().readTree(Files.readString(dataDirectory.root().resolve(manifest)));
        List<Path> storedFiles = stored.valueStream().map(n -> dataDirectory.root().resolve(n.asString())).toList();
        assertThat(storedFiles).hasSize(files.size()).allMatch(Files::exists);
        assertThat(api.postJson("/api/v1/bots/" + botId + "/stop", token, "").status()).isEqualTo(200);
        awaitDelete(api, "/api/v1/bots/" + botId, token);
        assertThat(api.request("DELETE", "/api/v1/freqai/models/" + modelId).bearer(token).send().status()).isEqualTo(204);
        assertThat(storedFiles).noneMatch(Files::exists);
        assertThat(dataDirectory.root().resolve(manifest)).doesNotExist();
    }

    private static JsonNode awaitEnd(Api api, long id, String token) {
        return awaitGet(api, "/api/v1/jobs/" + id, token,
                r -> List.of("completed", "failed", "cancelled").contains(r.json().get("status").asString()));
    }

    private static JsonNode awaitGet(Api api, String path, String token, Predicate<Api.Response> ok) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Api.Response last = null;
        while (System.nanoTime() < deadline) {
            last = api.get(path, token);
            if (ok.test(last)) {
                return last.json();
            }
            sleep();
        }
        throw new AssertionError("not reached within " + WAIT + "; last: " + (last == null ? null : last.body()));
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && !condition.getAsBoolean()) {
            sleep();
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    private static void awaitDelete(Api api, String path, String token) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Api.Response last = null;
        while (System.nanoTime() < deadline) {
            last = api.request("DELETE", path).bearer(token).send();
            if (last.status() == 204) {
                return;
            }
            sleep();
        }
        throw new AssertionError("DELETE " + path + " never succeeded; last: " + last.status() + " " + last.body());
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
