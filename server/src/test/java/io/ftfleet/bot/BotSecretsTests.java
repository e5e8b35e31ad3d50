package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/** Exchange credentials are write-only: encrypted at rest, never in a response, never in a log line. */
@FullStackTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "logging.level.root=INFO", "logging.level.io.ftfleet=DEBUG",
        "logging.level.org.springframework.web=DEBUG" })
class BotSecretsTests {

    static final String KEY = "EXKEY-4f1d2c3b5a697887";
    static final String SECRET = "EXSECRET-9a8b7c6d5e4f3a2b";
    static final String PASSPHRASE = "EXPASS-1122334455";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void exchangeSecretsNeverAppearInAnyResponseOrLogLine(CapturedOutput output) {
        Api api = new Api(port);
        String token = api.adminToken();
        Api.Response created = api.postJson("/api/v1/bots/", token, "{\"name\":\"secretive\",\"strategy_name\":\"S\","
                + "\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,\"dry_run\":false,"
                + "\"exchange_key\":\"" + KEY + "\",\"exchange_secret\":\"" + SECRET + "\",\"exchange_password\":\"" + PASSPHRASE + "\"}");
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("exchange_key_set").asBoolean()).isTrue();
        assertThat(created.json().get("config").get("exchange").get("secret").asString()).isEqualTo("***");
        // PUT config with secrets inside the config moves them to the encrypted store too.
        JsonNode config = api.get("/api/v1/bots/" + id + "/config", token).json();
        String withSecret = config.toString().replace("\"secret\":\"***\"", "\"secret\":\"" + SECRET + "-2\"");
        assertThat(api.request("PUT", "/api/v1/bots/" + id + "/config").bearer(token).json(withSecret).send().status())
                .isEqualTo(200);

        // Every GET route of the API, with the bot's id wherever an id goes.
        JsonNode spec = api.get("/openapi.json", null).json();
        int calls = 0;
        for (Map.Entry<String, JsonNode> path : spec.get("paths").properties()) {
            if (!path.getValue().has("get")
                    || io.ftfleet.support.OpenApi.isEventStream(path.getValue().get("get"))) {
                continue;
            }
            String url = path.getKey().replaceAll("\\{[^}]+}", Long.toString(id));
            Api.Response r = api.get(url, token);
            calls++;
            assertThat(r.body()).as(url).doesNotContain(KEY).doesNotContain(SECRET).doesNotContain(PASSPHRASE);
        }
        assertThat(calls).isGreaterThan(5);

        // At rest: only ciphertext.
        Map<String, Object> row = jdbc.queryForMap("select * from bots where id = ?", id);
        assertThat(row.toString()).doesNotContain(KEY).doesNotContain(SECRET).doesNotContain(PASSPHRASE);
        assertThat((String) row.get("exchange_secret_enc")).startsWith("v1:");

        assertThat(output.getAll()).doesNotContain(KEY).doesNotContain(SECRET).doesNotContain(PASSPHRASE);
    }
}
