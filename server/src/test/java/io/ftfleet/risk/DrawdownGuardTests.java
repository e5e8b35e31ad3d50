package io.ftfleet.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ftfleet.freqtrade.SimulatedBot;
import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.ExternalBots;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * A fleet of real simulator bots, two of them (tag {@code doomed}) with prices falling fast
 * ({@code FTSIM_PRICE_DRIFT_PER_MINUTE}), one steady, against a drawdown guard on the {@code doomed} tag.
 */
@FullStackTest
class DrawdownGuardTests {

    @DynamicPropertySource
    static void fast(DynamicPropertyRegistry registry) {
        registry.add("ftfleet.fleet.poll-interval", () -> "300ms");
        registry.add("ftfleet.risk.drawdown.check-interval", () -> "300ms");
    }

    @LocalServerPort
    int port;

    @Test
    void aFallingTagTripsItsGuardStopsEntriesOnExactlyItsBotsAndRefusesStartsUntilAnAdminRearms() throws Exception {
        Api api = new Api(port);
        String admin = api.adminToken();
        Map<String, String> falling = Map.of("FTSIM_PRICE_DRIFT_PER_MINUTE", "-0.9");
        try (SimulatedBot doomed1 = SimulatedBot.start(Files.createTempDirectory("dd-doomed1"), Map.of(), falling);
                SimulatedBot doomed2 = SimulatedBot.start(Files.createTempDirectory("dd-doomed2"), Map.of(), falling);
                SimulatedBot steady = SimulatedBot.start(Files.createTempDirectory("dd-steady"))) {
            long d1 = ExternalBots.register(api, admin, "dd-doomed-1", doomed1, "USDT", SimulatedBot.PASSWORD, List.of("doomed"));
            long d2 = ExternalBots.register(api, admin, "dd-doomed-2", doomed2, "USDT", SimulatedBot.PASSWORD, List.of("doomed"));
            long s = ExternalBots.register(api, admin, "dd-steady", steady, "USDT", SimulatedBot.PASSWORD, List.of("steady"));

            // Bad input is refused, and only admins may manage guards.
            assertThat(api.postJson("/api/v1/risk/drawdown-guards", admin, "{\"name\":\"x\",\"dry_run\":true,"
                    + "\"max_drawdown_pct\":150,\"window_minutes\":0}").status()).isEqualTo(422);
            String operator = api.tokenFor("dd-operator", "operator");
            String body = "{\"name\":\"doomed-guard\",\"scope_tag\":\"doomed\",\"dry_run\":true,"
                    + "\"max_drawdown_pct\":3,\"window_minutes\":10}";
            assertThat(api.postJson("/api/v1/risk/drawdown-guards", operator, body).status()).isEqualTo(403);
            Api.Response created = api.postJson("/api/v1/risk/drawdown-guards", admin, body);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            long guardId = created.json().get("id").asLong();
            assertThat(created.json().get("tripped").asBoolean()).isFalse();

            JsonNode guard = Await.until(() -> api.get("/api/v1/risk/drawdown-guards/" + guardId, admin).json(),
                    g -> g.get("tripped").asBoolean(), Duration.ofSeconds(90));
            assertThat(guard.get("tripped_reason").asString()).contains("doomed-guard").contains("USDT");
            JsonNode status = guard.get("status").get(0);
            assertThat(status.get("stake_currency").asString()).isEqualTo("USDT");
            assertThat(status.get("bots").asInt()).isEqualTo(2); // the steady bot is not in this guard's series
            assertThat(status.get("drawdown_pct").asDouble()).isGreaterThanOrEqualTo(3.0);

            JsonNode trading = api.get("/api/v1/emergency/status", admin).json();
            assertThat(trading.get("enabled").asBoolean()).isFalse();
            assertThat(trading.get("reason").asString()).contains("doomed-guard");

            // Entries stopped on exactly the doomed bots (the bot answers max_open_trades 0 once entries stop).
            for (long id : new long[] { d1, d2 }) {
                Await.until(() -> api.get("/api/v1/bots/" + id + "/show_config", admin).json(),
                        c -> c.get("max_open_trades").asInt() == 0, Duration.ofSeconds(20));
                assertThat(api.get("/api/v1/bots/" + id, admin).json().get("observed_state").asString())
                        .isEqualTo("paused");
            }
            assertThat(api.get("/api/v1/bots/" + s + "/show_config", admin).json().get("max_open_trades").asInt())
                    .isPositive();
            int steadyTrades = tradeCount(api, admin, s);
            Await.until(() -> tradeCount(api, admin, s), n -> n > steadyTrades, Duration.ofSeconds(20));

            // Audited, as the drawdown guard.
            JsonNode audit = api.get("/api/v1/audit/logs?action=risk.drawdown_guard_tripped", admin).json();
            assertThat(audit.size()).isEqualTo(1);
            assertThat(audit.get(0).get("target_id").asString()).isEqualTo(String.valueOf(guardId));

            // Starts are refused while tripped; only an admin re-arms.
            Api.Response refused = api.postJson("/api/v1/bots/" + s + "/start", admin, "");
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.text("code")).isEqualTo("trading_disabled");
            assertThat(api.postJson("/api/v1/emergency/rearm", operator, "").status()).isEqualTo(403);
            Api.Response rearmed = api.postJson("/api/v1/emergency/rearm", admin, "");
            assertThat(rearmed.status()).as(rearmed.body()).isEqualTo(200);
            assertThat(rearmed.json().get("enabled").asBoolean()).isTrue();
            assertThat(api.get("/api/v1/risk/drawdown-guards/" + guardId, admin).json().get("tripped").asBoolean())
                    .isFalse();
            Api.Response started = api.postJson("/api/v1/bots/" + d1 + "/start", admin, "");
            assertThat(started.status()).as(started.body()).isEqualTo(200);

            Api.Response deleted = api.request("DELETE", "/api/v1/risk/drawdown-guards/" + guardId).bearer(admin)
                    .send();
            assertThat(deleted.status()).isEqualTo(204);
        }
    }

    @Test
    void anExternalBotCountsInAGuardOverOtherUsersBotsOnlyWhenAnAdminAllowsIt() throws Exception {
        Api api = new Api(port);
        String admin = api.adminToken();
        String operator = api.tokenFor("dd-external-owner", "operator");
        try (SimulatedBot mine = SimulatedBot.start(Files.createTempDirectory("dd-admins"));
                SimulatedBot theirs = SimulatedBot.start(Files.createTempDirectory("dd-operators"))) {
            long adminBot = ExternalBots.register(api, admin, "dd-mixed-admin", mine, "USDT", SimulatedBot.PASSWORD,
                    List.of("mixed"));
            long operatorBot = ExternalBots.register(api, operator, "dd-mixed-operator", theirs, "USDT",
                    SimulatedBot.PASSWORD, List.of("mixed"));
            String guard = "{\"name\":\"mixed-guard\",\"scope_tag\":\"mixed\",\"dry_run\":true,\"max_drawdown_pct\":50,"
                    + "\"window_minutes\":10,\"allowed_external_bot_ids\":[" + adminBot + "]}";
            Api.Response created = api.postJson("/api/v1/risk/drawdown-guards", admin, guard);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            long id = created.json().get("id").asLong();
            assertThat(created.json().get("allowed_external_bot_ids").toString()).isEqualTo("[" + adminBot + "]");

            // Both bots are polled, but only the allowed one counts: the operator's bot cannot move this guard, also
            // in the guard checks (every 300 ms) well after both bots answered.
            Await.until(() -> onlineBots(api, admin), n -> n == 2, Duration.ofSeconds(30));
            java.time.Instant bothOnline = java.time.Instant.now();
            JsonNode status = Await.until(() -> api.get("/api/v1/risk/drawdown-guards/" + id, admin).json().get("status"),
                    s -> s.size() == 1 && java.time.Instant.now().isAfter(bothOnline.plusSeconds(1)),
                    Duration.ofSeconds(30));
            assertThat(status.get(0).get("bots").asInt()).isEqualTo(1);

            Api.Response allowed = api.request("PUT", "/api/v1/risk/drawdown-guards/" + id).bearer(admin)
                    .json(guard.replace("[" + adminBot + "]", "[" + adminBot + "," + operatorBot + "]")).send();
            assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
            Await.until(() -> api.get("/api/v1/risk/drawdown-guards/" + id, admin).json().get("status"),
                    s -> s.size() == 1 && s.get(0).get("bots").asInt() == 2, Duration.ofSeconds(30));
            assertThat(api.request("DELETE", "/api/v1/risk/drawdown-guards/" + id).bearer(admin).send().status())
                    .isEqualTo(204);
        }
    }

    private static int onlineBots(Api api, String admin) {
        return (int) api.get("/api/v1/fleet/snapshots", admin).json().valueStream()
                .filter(s -> s.get("name").asString().startsWith("dd-mixed-") && "ONLINE".equals(s.get("status").asString()))
                .count();
    }

    static int tradeCount(Api api, String token, long botId) {
        return api.get("/api/v1/bots/" + botId + "/profit", token).json().get("trade_count").asInt();
    }

}
