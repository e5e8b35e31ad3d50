package io.ftfleet.freqai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.ftfleet.core.DataDirectory;
import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

@FullStackTest
class FreqaiModelTests {

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory dataDirectory;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    private Api.Response upload(String token, String query, String filename, byte[] data) {
        return api.request("POST", "/api/v1/freqai/models/?" + query).bearer(token)
                .multipart("file", filename, "application/octet-stream", data).send();
    }

    @Test
    void uploadsAModelStoredByContentHashWithItsMetadata() {
        String token = api.tokenFor("modeller", "operator");
        byte[] artefact = "joblib-bytes-1".getBytes(StandardCharsets.UTF_8);
        Api.Response r = upload(token, "name=lgbm-1&description=first&model_class=LightGBMRegressor"
                + "&include_timeframes=5m,1h&include_corr_pairs=BTC/USDT&timerange=20240101-20240301"
                + "&metrics=%7B%22mae%22%3A0.12%7D", "cb_btc_1729760400_model.joblib", artefact);
        assertThat(r.status()).isEqualTo(201);
        JsonNode model = r.json();
        assertThat(model.get("status").asString()).isEqualTo("completed");
        assertThat(model.get("identifier").asString()).isEqualTo("freqai_lgbm-1");
        assertThat(model.get("model_metadata").get("built_in").asBoolean()).isTrue();
        assertThat(model.get("model_metadata").get("metrics").get("mae").asDouble()).isEqualTo(0.12);
        assertThat(model.get("model_metadata").get("include_timeframes").toString()).isEqualTo("[\"5m\",\"1h\"]");
        assertThat(model.get("sha256").asString()).isEqualTo(sha256(artefact));
        assertThat(model.get("file_path").asString()).isEqualTo("freqai/artefacts/" + sha256(artefact) + ".joblib");
        assertThat(Files.exists(dataDirectory.root().resolve(model.get("file_path").asString()))).isTrue();
        assertThat(model.get("created_at").asString()).endsWith("Z");

        long id = model.get("id").asLong();
        assertThat(api.get("/api/v1/freqai/models/" + id, token).json().get("name").asString()).isEqualTo("lgbm-1");
        assertThat(api.get("/api/v1/freqai/models", token).json().valueStream().map(m -> m.get("id").asLong())).contains(id);
        assertThat(api.get("/api/v1/freqai/models/", token).json().isArray()).isTrue();

        // By name (F3 status): an uploaded model has no training job behind it.
        Api.Response byName = api.get("/api/v1/freqai/models/lgbm-1", token);
        assertThat(byName.status()).as(byName.body()).isEqualTo(200);
        assertThat(byName.json().get("model_info").get("status").asString()).isEqualTo("completed");
        assertThat(byName.json().get("model_info").get("training_job").isNull()).isTrue();
        assertThat(api.get("/api/v1/freqai/models/no-such-model", token).status()).isEqualTo(404);
    }

    @Test
    void refusesWrongFileTypeDuplicateNameAndMissingFile() {
        String token = api.tokenFor("modeller-2", "operator");
        Api.Response wrongType = upload(token, "name=wrong", "model.exe", new byte[] { 1, 2 });
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.text("code")).isEqualTo("invalid_file_type");
        assertThat(upload(token, "name=dup", "m.joblib", new byte[] { 1 }).status()).isEqualTo(201);
        Api.Response dup = upload(token, "name=dup", "m.joblib", new byte[] { 2 });
        assertThat(dup.status()).isEqualTo(409);
        Api.Response badTf = upload(token, "name=badtf&include_timeframes=banana", "m.joblib", new byte[] { 3 });
        assertThat(badTf.status()).isEqualTo(422);
        assertThat(badTf.json().get("errors").get(0).get("field").asString()).isEqualTo("include_timeframes");
    }

    @Test
    void modelsAreOwnerScopedAndViewersCannotUpload() {
        String owner = api.tokenFor("model-owner", "operator");
        long id = upload(owner, "name=private-model", "m.joblib", new byte[] { 9 }).json().get("id").asLong();
        String other = api.tokenFor("model-other", "operator");
        assertThat(api.get("/api/v1/freqai/models/" + id, other).status()).isEqualTo(404);
        assertThat(api.request("DELETE", "/api/v1/freqai/models/" + id).bearer(other).send().status()).isEqualTo(404);
        assertThat(api.get("/api/v1/freqai/models", other).json().valueStream().map(m -> m.get("id").asLong()))
                .doesNotContain(id);
        assertThat(api.get("/api/v1/freqai/models/" + id, api.adminToken()).status()).isEqualTo(200);
        assertThat(upload(api.tokenFor("model-viewer", "viewer"), "name=v", "m.joblib", new byte[] { 1 }).status())
                .isEqualTo(403);
    }

    @Test
    void attachedModelPutsFreqaiSectionInBotConfigAndCannotBeDeleted() throws Exception {
        String token = api.tokenFor("model-attacher", "operator");
        JsonNode model = upload(token, "name=attached&model_class=XGBoostRegressor&include_timeframes=5m,15m"
                + "&freqai_params=%7B%22train_period_days%22%3A30%2C%22feature_parameters%22%3A%7B%22label_period_candles%22%3A24%7D%7D",
                "x.joblib", "attached-bytes".getBytes(StandardCharsets.UTF_8)).json();
        long modelId = model.get("id").asLong();
        Api.Response bot = api.postJson("/api/v1/bots/", token, "{\"name\":\"ai-bot\",\"strategy_name\":\"FreqaiExampleStrategy\","
                + "\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,\"freqai_model_id\":" + modelId + "}");
        assertThat(bot.status()).isEqualTo(201);
        JsonNode config = bot.json().get("config");
        assertThat(config.get("freqai").get("enabled").asBoolean()).isTrue();
        assertThat(config.get("freqai").get("identifier").asString()).isEqualTo("freqai_attached");
        assertThat(config.get("freqaimodel").asString()).isEqualTo("XGBoostRegressor");
        // Trained with these parameters, so the bot runs with them.
        assertThat(config.get("freqai").get("train_period_days").asInt()).isEqualTo(30);
        assertThat(config.get("freqai").get("feature_parameters").get("label_period_candles").asInt()).isEqualTo(24);
        assertThat(config.get("freqai").get("feature_parameters").get("include_timeframes").toString())
                .isEqualTo("[\"5m\",\"15m\"]");

        Api.Response inUse = api.request("DELETE", "/api/v1/freqai/models/" + modelId).bearer(token).send();
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.text("detail")).contains("ai-bot");

        long botId = bot.json().get("id").asLong();
        assertThat(api.request("PUT", "/api/v1/bots/" + botId).bearer(token).json("{\"freqai_model_id\":0}").send()
                .json().get("freqai_model_id").isNull()).isTrue();
        assertThat(api.request("DELETE", "/api/v1/freqai/models/" + modelId).bearer(token).send().status()).isEqualTo(204);
        assertThat(Files.exists(dataDirectory.root().resolve(model.get("file_path").asString()))).isFalse();

        Api.Response unknown = api.postJson("/api/v1/bots/", token, "{\"name\":\"ai-bot-2\",\"strategy_name\":\"S\","
                + "\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,\"freqai_model_id\":987654}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("freqai_model_id");
    }

    private static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
