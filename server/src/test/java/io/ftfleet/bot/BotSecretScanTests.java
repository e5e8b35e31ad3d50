package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.ftfleet.core.DataDirectory;
import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.OpenApi;
import io.ftfleet.support.Simulator;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * A bot with a marker value in every secret-bearing key goes through its whole life (create, read, start, stop,
 * backtest with its setup, delete); afterwards no marker is in any text column of any table, any file of the data
 * directory, the server's log output or any GET response.
 */
@FullStackTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "logging.level.root=INFO", "logging.level.io.ftfleet=DEBUG" })
class BotSecretScanTests {

    static final String MARK = "SCANMARK";
    static final Duration WAIT = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
        registry.add("ftfleet.jobs.poll-interval", () -> "100ms");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataDirectory dataDirectory;

    @Test
    void noSecretMarkerIsLeftInTheDatabaseTheDataDirectoryTheLogsOrAnyResponse(CapturedOutput output) throws IOException {
        Api api = new Api(port);
        String token = api.tokenFor("scan-owner", "operator");
        assertThat(api.postJson("/api/v1/strategies/", token, StrategyFixtures.body("ScanStrat")).status()).isEqualTo(201);
        String config = "{\"exchange\":{\"uid\":\"" + MARK + "-uid\",\"privateKey\":\"" + MARK + "-pk\","
                + "\"walletAddress\":\"" + MARK + "-wallet\",\"ccxt_config\":{\"apiKey\":\"" + MARK + "-c1\","
                + "\"secret\":\"" + MARK + "-c2\",\"password\":\"" + MARK + "-c3\",\"enableRateLimit\":true},"
                + "\"ccxt_async_config\":{\"token\":\"" + MARK + "-c4\"}},"
                + "\"telegram\":{\"enabled\":false,\"token\":\"" + MARK + "-tg\",\"chat_id\":\"" + MARK + "-chat\"},"
                + "\"webhook\":{\"enabled\":false,\"url\":\"https://hooks.example/" + MARK + "-wh\"},"
                + "\"discord\":{\"enabled\":false,\"webhook_url\":\"https://discord.example/" + MARK + "-dc\"},"
                + "\"external_message_consumer\":{\"enabled\":false,\"producers\":[{\"name\":\"p\",\"host\":\"127.0.0.1\","
                + "\"port\":8080,\"ws_token\":\"" + MARK + "-ws\"}]}}";
        Api.Response created = api.postJson("/api/v1/bots/", token, "{\"name\":\"scanned\",\"strategy_name\":\"ScanStrat\","
                + "\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,\"timeframe\":\"1h\","
                + "\"pair_whitelist\":[\"BTC/USDT\"],\"exchange_key\":\"" + MARK + "-key\",\"exchange_secret\":\""
                + MARK + "-secret\",\"exchange_password\":\"" + MARK + "-pass\",\"config\":" + config + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        List<String> responses = new ArrayList<>();
        responses.add(created.body());

        Api.Response start = api.postJson("/api/v1/bots/" + id + "/start", token, "");
        assertThat(start.status()).as(start.body()).isEqualTo(200);
        Await.until(() -> api.get("/api/v1/bots/" + id, token).json(),
                b -> b.get("observed_state").asString().equals("running"), WAIT);
        responses.addAll(everyGet(api, token, id));
        Api.Response stop = api.postJson("/api/v1/bots/" + id + "/stop", token, "");
        assertThat(stop.status()).as(stop.body()).isEqualTo(200);
        Await.until(() -> api.get("/api/v1/bots/" + id, token).json(),
                b -> b.get("observed_state").asString().equals("stopped"), WAIT);

        long download = api.postJson("/api/v1/data/download", token, "{\"exchanges\":[\"binance\"],"
                + "\"pairs\":[\"BTC/USDT\"],\"days\":3,\"timeframes\":[\"1h\"]}").json().get("job_ids").get(0).asLong();
        awaitEnd(api, token, download);
        Api.Response backtest = api.postJson("/api/v1/strategies/backtest", token,
                "{\"strategy_name\":\"ScanStrat\",\"bot_id\":" + id + "}");
        assertThat(backtest.status()).as(backtest.body()).isEqualTo(200);
        JsonNode job = awaitEnd(api, token, backtest.json().get("id").asLong());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        responses.addAll(everyGet(api, token, id));
        responses.addAll(everyGet(api, token, job.get("id").asLong()));

        assertThat(api.request("DELETE", "/api/v1/bots/" + id).bearer(token).send().status()).isIn(200, 204);

        for (String body : responses) {
            assertThat(body).doesNotContain(MARK);
        }
        List<String> tables = jdbc.queryForList("select lower(table_name) from information_schema.tables "
                + "where lower(table_schema) = 'public' and table_type in ('TABLE', 'BASE TABLE')", String.class);
        assertThat(tables).contains("bots", "audit_logs", "jobs", "bot_processes");
        for (String table : tables) {
            List<Map<String, Object>> rows = jdbc.queryForList("select * from " + table);
            assertThat(rows.toString()).as("table " + table).doesNotContain(MARK);
        }
        assertThat(jdbc.queryForObject("select count(*) from audit_logs where target_type = 'bot' and target_id = ?",
                Integer.class, Long.toString(id))).as("the bot's life was audited").isGreaterThanOrEqualTo(2);
        try (Stream<Path> files = Files.walk(dataDirectory.root())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(text).as(file.toString()).doesNotContain(MARK);
            }
        }
        assertThat(output.getAll()).doesNotContain(MARK);
    }

    /** Every GET route of the API, with {@code id} wherever an id goes. */
    private static List<String> everyGet(Api api, String token, long id) {
        JsonNode spec = api.get("/openapi.json", null).json();
        List<String> bodies = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : spec.get("paths").properties()) {
            if (!path.getValue().has("get") || OpenApi.isEventStream(path.getValue().get("get"))) {
                continue;
            }
            bodies.add(api.get(path.getKey().replaceAll("\\{[^}]+}", Long.toString(id)), token).body());
        }
        assertThat(bodies).hasSizeGreaterThan(5);
        return bodies;
    }

    private static JsonNode awaitEnd(Api api, String token, long jobId) {
        return Await.until(() -> api.get("/api/v1/jobs/" + jobId, token).json(),
                j -> List.of("completed", "failed", "cancelled").contains(j.get("status").asString()), WAIT);
    }
}
