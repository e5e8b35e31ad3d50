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
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Who did it: a bulk stop, a force-exit, a config reload and the emergency stop run (partly) on pool threads, and
 * their audit entries must still name the user who asked, their address and the request — a real simulator bot,
 * driven by an operator (not an admin) over real HTTP.
 */
@FullStackTest
class BotAuditActorTests {

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
    }

    @LocalServerPort
    int port;
    static Api cleanupApi;
    static String cleanupToken;

    @AfterAll
    static void stopEverything() {
        if (cleanupApi != null) {
            cleanupApi.postJson("/api/v1/bots/stop-all", cleanupToken, "{}");
            cleanupApi.postJson("/api/v1/emergency/rearm", cleanupToken, "");
        }
    }

    @Test
    void bulkStopForceExitReloadAndEmergencyStopAreAuditedWithTheUserAddressAndRequest() {
        Api api = new Api(port);
        String admin = api.adminToken();
        cleanupApi = api;
        cleanupToken = admin;
        String operator = api.tokenFor("audited-operator", "operator");
        assertThat(api.postJson("/api/v1/strategies/", operator, StrategyFixtures.body("AuditedActor")).status())
                .isEqualTo(201);
        Api.Response created = api.postJson("/api/v1/bots/", operator, "{\"name\":\"audited-actor\",\"strategy_name\":"
                + "\"AuditedActor\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();

        startAndAwaitTrades(api, operator, id);
        Api.Response exit = api.postJson("/api/v1/bots/" + id + "/forceexit", operator, "{\"tradeid\":\"all\"}");
        assertThat(exit.status()).as(exit.body()).isEqualTo(200);
        Api.Response reload = api.postJson("/api/v1/bots/" + id + "/reload", operator, "");
        assertThat(reload.status()).as(reload.body()).isEqualTo(200);
        awaitObserved(api, operator, id, "running");
        Api.Response stopAll = api.postJson("/api/v1/bots/stop-all", operator, "{\"ids\":[" + id + "]}");
        assertThat(stopAll.status()).as(stopAll.body()).isEqualTo(200);
        assertThat(stopAll.json().get("results").get(0).get("ok").asBoolean()).as(stopAll.body()).isTrue();

        assertNamesCaller(entry(api, admin, id, "bot.forceexit", exit), "audited-operator", "operator",
                "/api/v1/bots/" + id + "/forceexit");
        assertThat(entry(api, admin, id, "bot.forceexit", exit).get("after").get("tradeid").asString()).isEqualTo("all");
        assertNamesCaller(entry(api, admin, id, "bot.reload", reload), "audited-operator", "operator",
                "/api/v1/bots/" + id + "/reload");
        // The bulk stop runs on a pool thread: the entry still names the operator, their address and the request.
        assertNamesCaller(entry(api, admin, id, "bot.stop", stopAll), "audited-operator", "operator",
                "/api/v1/bots/stop-all");

        startAndAwaitTrades(api, operator, id);
        Api.Response emergency = api.postJson("/api/v1/emergency/stop-all?force_exit=true", admin, "");
        assertThat(emergency.status()).as(emergency.body()).isEqualTo(200);
        JsonNode stopped = entryOf(api, admin, "?action=bot.emergency_stop&limit=10", emergency);
        assertNamesCaller(stopped, "admin", "admin", "/api/v1/emergency/stop-all");
        assertThat(stopped.get("after").get("force_exit").asBoolean()).isTrue();
        assertThat(stopped.get("after").get("bots").asInt()).isGreaterThanOrEqualTo(1);
        assertNamesCaller(entryOf(api, admin, "?action=trading.disabled&limit=10", emergency), "admin", "admin",
                "/api/v1/emergency/stop-all");
        assertThat(api.postJson("/api/v1/emergency/rearm", admin, "").status()).isEqualTo(200);
    }

    private static void startAndAwaitTrades(Api api, String token, long id) {
        Api.Response start = api.postJson("/api/v1/bots/" + id + "/start", token, "");
        assertThat(start.status()).as(start.body()).isEqualTo(200);
        awaitObserved(api, token, id, "running");
        Await.until(() -> api.get("/api/v1/bots/" + id + "/trades/open", token),
                r -> r.status() == 200 && r.json().isArray() && r.json().size() > 0, Duration.ofSeconds(60));
    }

    private static void awaitObserved(Api api, String token, long id, String state) {
        Await.until(() -> api.get("/api/v1/bots/" + id, token).json(),
                b -> b.get("observed_state").asString().equals(state), Duration.ofSeconds(90));
    }

    /** The bot's one entry of {@code action} written by the request that got {@code response}. */
    private static JsonNode entry(Api api, String admin, long botId, String action, Api.Response response) {
        return entryOf(api, admin, "?target_type=bot&target_id=" + botId + "&action=" + action + "&limit=100", response);
    }

    private static JsonNode entryOf(Api api, String admin, String query, Api.Response response) {
        String requestId = response.header("X-Request-Id");
        assertThat(requestId).isNotBlank();
        Api.Response logs = api.get("/api/v1/audit/logs" + query, admin);
        assertThat(logs.status()).as(logs.body()).isEqualTo(200);
        List<JsonNode> all = logs.json().valueStream().toList();
        List<JsonNode> ofRequest = all.stream().filter(e -> requestId.equals(e.path("request_id").asString(null)))
                .toList();
        assertThat(ofRequest).as("entries %s of request %s among %s", query, requestId, all).hasSize(1);
        return ofRequest.get(0);
    }

    private static void assertNamesCaller(JsonNode entry, String username, String role, String path) {
        assertThat(entry.get("username").asString()).as(entry.toString()).isEqualTo(username);
        assertThat(entry.get("actor_role").asString()).as(entry.toString()).isEqualTo(role);
        assertThat(entry.get("ip_address").asString()).as(entry.toString()).isEqualTo("127.0.0.1");
        assertThat(entry.get("http_method").asString()).isEqualTo("POST");
        assertThat(entry.get("path").asString()).isEqualTo(path);
        assertThat(entry.get("outcome").asString()).as(entry.toString()).isEqualTo("success");
    }
}
