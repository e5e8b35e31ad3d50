package io.ftfleet.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Every sample in samples/*.json: the simulator's reply has the same field names and JSON types (recursively). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractTest {
    @TempDir
    static Path tmp;
    SimFixture sim;

    @BeforeAll
    void start() throws Exception {
        sim = new SimFixture(tmp, Map.of()).start();
        sim.ensureTrades();
    }

    @AfterAll
    void stop() {
        sim.close();
    }

    static Object sample(String name) throws Exception {
        try (var in = ContractTest.class.getResourceAsStream("/samples/" + name)) {
            return Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest(name = "{0} matches {2} {1}")
    @CsvSource({
            "ping.json, /ping, GET",
            "version.json, /version, GET",
            "show_config.json, /show_config, GET",
            "status.json, /status, GET",
            "count.json, /count, GET",
            "profit.json, /profit, GET",
            "balance.json, /balance, GET",
            "trades.json, /trades, GET",
            "logs.json, /logs, GET",
            "whitelist.json, /whitelist, GET",
            "health.json, /health, GET",
            "token_login.json, /token/login, POST",
            "start.json, /start, POST",
    })
    void replyHasSameFieldNamesAndTypesAsSample(String file, String path, String method) throws Exception {
        HttpResponse<String> r = sim.call(method, path, sim.basic(), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertSameShape(sample(file), Json.read(r.body()), file);
    }

    @org.junit.jupiter.api.Test
    void stopReplyMatchesSampleAndBotCanBeRestarted() throws Exception {
        HttpResponse<String> r = sim.post("/stop", null);
        assertSameShape(sample("stop.json"), Json.read(r.body()), "stop.json");
        assertThat(r.body()).contains("stopping trader ...");
        assertThat(Json.readMap(sim.post("/start", null).body())).containsEntry("status", "starting trader ...");
    }

    @org.junit.jupiter.api.Test
    void websocketFramesMatchSampleShapes() throws Exception {
        Map<String, Object> samples = Json.mapOrEmpty(Json.mapOrEmpty(sample("ws_messages.json")).get("server_to_client"));
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + sim.port + "/api/v1/message/ws?token=wstoken"), new WebSocket.Listener() {
                    StringBuilder sb = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        sb.append(data);
                        if (last) {
                            frames.add(sb.toString());
                            sb = new StringBuilder();
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        ws.sendText(Json.write(Json.mapOrEmpty(sample("ws_messages.json")).get("client_to_server") instanceof Map<?, ?> m ? m.get("subscribe") : null), true).get();
        ws.sendText("{\"type\": \"whitelist\", \"data\": null}", true).get();
        ws.sendText("{\"type\": \"analyzed_df\", \"data\": {\"limit\": 5, \"pair\": \"BTC/USDT\"}}", true).get();
        List<String> seen = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 15000;
        while (System.currentTimeMillis() < deadline && !(seen.contains("whitelist") && seen.contains("analyzed_df")
                && seen.contains("entry_fill") && seen.contains("exit_fill"))) {
            String f = frames.poll(500, TimeUnit.MILLISECONDS);
            if (f == null) continue;
            Map<String, Object> msg = Json.readMap(f);
            String type = (String) msg.get("type");
            seen.add(type);
            String key = switch (type) {
                case "whitelist" -> "whitelist_response_or_broadcast";
                default -> type;
            };
            if (samples.containsKey(key)) assertSameShape(samples.get(key), msg, "ws " + type);
        }
        ws.abort();
        assertThat(seen).contains("whitelist", "analyzed_df", "entry_fill", "exit_fill");
    }

    /** Same keys and JSON types; sample null = any type; floats in the sample must be floats here too. */
    static void assertSameShape(Object sample, Object actual, String where) {
        if (sample == null) return;
        if (actual == null && NULLABLE.stream().anyMatch(where::endsWith)) return;
        assertThat(actual).as(where + ": expected " + type(sample) + " but was null").isNotNull();
        if (sample instanceof Map<?, ?> sm) {
            assertThat(actual).as(where).isInstanceOf(Map.class);
            Map<?, ?> am = (Map<?, ?>) actual;
            if (!where.endsWith("minimal_roi") && !where.endsWith("exit_reasons")) {
                List<String> expected = sm.keySet().stream().map(String::valueOf).toList();
                List<String> got = am.keySet().stream().map(String::valueOf).toList();
                assertThat(got).as(where + " keys").containsExactlyInAnyOrderElementsOf(expected);
            }
            for (Object k : sm.keySet()) {
                if (where.endsWith("minimal_roi")) continue;
                assertSameShape(sm.get(k), am.get(k), where + "." + k);
            }
        } else if (sample instanceof List<?> sl) {
            assertThat(actual).as(where).isInstanceOf(List.class);
            List<?> al = (List<?>) actual;
            if (!sl.isEmpty() && !al.isEmpty()) assertSameShape(sl.get(0), al.get(0), where + "[0]");
        } else {
            assertThat(type(actual)).as(where).isEqualTo(type(sample));
            if (sample instanceof Double) assertThat(actual).as(where + " must be a float").isInstanceOf(Double.class);
        }
    }

    /** Fields the contract declares nullable (str?) that the simulator may legitimately leave null. */
    static final List<String> NULLABLE = List.of(".enter_tag", ".ft_order_tag", ".buy_tag");

    static String type(Object o) {
        if (o instanceof Map) return "object";
        if (o instanceof List) return "array";
        if (o instanceof String) return "string";
        if (o instanceof Boolean) return "boolean";
        if (o instanceof Number) return "number";
        return "null";
    }
}
