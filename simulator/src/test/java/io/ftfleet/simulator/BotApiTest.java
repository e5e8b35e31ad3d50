package io.ftfleet.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BotApiTest {
    @TempDir
    Path tmp;

    @Test
    void refusesRequestWithoutCredentials() throws Exception {
        try (SimFixture sim = new SimFixture(tmp, Map.of()).start()) {
            HttpResponse<String> r = sim.call("GET", "/status", null, null);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).isEqualTo("{\"detail\":\"Unauthorized\"}");
            assertThat(sim.call("GET", "/ping", null, null).body()).isEqualTo("{\"status\":\"pong\"}");
            assertThat(sim.call("GET", "/nope", sim.basic(), null).body()).isEqualTo("{\"detail\":\"Not Found\"}");
            String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("freqtrader:bad".getBytes());
            assertThat(sim.call("GET", "/status", wrong, null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void issuesAndRefreshesJwtTokens() throws Exception {
        try (SimFixture sim = new SimFixture(tmp, Map.of()).start()) {
            Map<String, Object> tokens = Json.readMap(sim.call("POST", "/token/login", sim.basic(), null).body());
            String access = (String) tokens.get("access_token");
            String refresh = (String) tokens.get("refresh_token");
            assertThat(sim.call("GET", "/version", "Bearer " + access, null).statusCode()).isEqualTo(200);
            HttpResponse<String> withRefresh = sim.call("GET", "/version", "Bearer " + refresh, null);
            assertThat(withRefresh.statusCode()).isEqualTo(401);
            assertThat(withRefresh.body()).contains("Could not validate credentials");
            assertThat(withRefresh.headers().firstValue("www-authenticate")).contains("Bearer");
            Map<String, Object> refreshed = Json.readMap(sim.call("POST", "/token/refresh", "Bearer " + refresh, null).body());
            assertThat(refreshed).containsOnlyKeys("access_token");
            assertThat(sim.call("GET", "/count", "Bearer " + refreshed.get("access_token"), null).statusCode()).isEqualTo(200);
            assertThat(sim.call("POST", "/token/login", null, null).body()).contains("Not authenticated");
            String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("freqtrader:bad".getBytes());
            assertThat(sim.call("POST", "/token/login", wrong, null).body()).contains("Incorrect username or password");
            String payload = new String(java.util.Base64.getUrlDecoder().decode(access.split("\\.")[1]));
            Map<String, Object> claims = Json.readMap(payload);
            assertThat(claims).containsKeys("identity", "exp", "iat", "type").containsEntry("type", "access");
            assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue()).isEqualTo(900);
        }
    }

    @Test
    void startStopAndStopentryFollowFreqtradeStateRules() throws Exception {
        try (SimFixture sim = new SimFixture(tmp, Map.of("initial_state", "stopped")).start()) {
            assertThat(Json.readMap(sim.get("/show_config").body())).containsEntry("state", "stopped");
            HttpResponse<String> count = sim.get("/count");
            assertThat(count.statusCode()).isEqualTo(502);
            assertThat(count.body()).isEqualTo("{\"error\":\"Error querying /api/v1/count: trader is not running\"}");
            assertThat(Json.readMap(sim.post("/stop", null).body())).containsEntry("status", "already stopped");
            assertThat(Json.readMap(sim.post("/start", null).body())).containsEntry("status", "starting trader ...");
            assertThat(Json.readMap(sim.post("/start", null).body())).containsEntry("status", "already running");
            assertThat(Json.readMap(sim.post("/stopentry", null).body()))
                    .containsEntry("status", "No more entries will occur from now. Run /reload_config to reset.");
            Map<String, Object> cfg = Json.readMap(sim.get("/show_config").body());
            assertThat(cfg).containsEntry("state", "running").containsEntry("max_open_trades", 0.0);
            assertThat(Json.readMap(sim.post("/stopbuy", null).body())).containsKey("status");
            assertThat(Json.readMap(sim.post("/stop", null).body())).containsEntry("status", "stopping trader ...");
            assertThat(sim.post("/forceexit", "{\"tradeid\": \"all\"}").statusCode()).isEqualTo(502);
        }
    }

    @Test
    void reloadConfigRestartsApiWithInitialState() throws Exception {
        try (SimFixture sim = new SimFixture(tmp, Map.of("initial_state", "stopped")).start()) {
            sim.post("/start", null);
            assertThat(Json.readMap(sim.post("/reload_config", null).body())).containsEntry("status", "Reloading config ...");
            long deadline = System.currentTimeMillis() + 10000;
            String state = null;
            while (System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                try {
                    HttpResponse<String> r = sim.get("/show_config");
                    if (r.statusCode() == 200) {
                        state = (String) Json.readMap(r.body()).get("state");
                        if ("stopped".equals(state)) break;
                    }
                } catch (java.io.IOException ignored) {
                    // server briefly down during reload
                }
            }
            assertThat(state).isEqualTo("stopped");
        }
    }

    @Test
    void forceEnterAndForceExitManageTrades() throws Exception {
        try (SimFixture sim = new SimFixture(tmp, Map.of("max_open_trades", 5)).start(3600)) {
            // the simulation must not close the trade itself between our force-enter and force-exit
            HttpResponse<String> r = sim.post("/forceenter", "{\"pair\": \"ETH/USDT\"}");
            if (r.statusCode() == 502) { // already open by the simulation
                assertThat(r.body()).contains("position for ETH/USDT already open");
                return;
            }
            Map<String, Object> trade = Json.readMap(r.body());
            assertThat(trade).containsEntry("pair", "ETH/USDT").containsEntry("enter_tag", "force_entry");
            Object id = trade.get("trade_id");
            assertThat(Json.readMap(sim.post("/forceexit", "{\"tradeid\": \"" + id + "\"}").body()))
                    .containsEntry("result", "Created exit order for trade " + id + ".");
            assertThat(sim.post("/forceexit", "{\"tradeid\": 99999}").body()).contains("invalid argument");
            assertThat(sim.get("/trade/99999").body()).isEqualTo("{\"detail\":\"Trade not found.\"}");
        }
    }

    @Test
    void keepsTradesAcrossRestart() throws Exception {
        Object before;
        SimFixture sim = new SimFixture(tmp, Map.of());
        sim.start();
        sim.ensureTrades();
        before = Json.readMap(sim.get("/trades").body()).get("total_trades");
        sim.stopBot();
        sim.start();
        try {
            Map<String, Object> after = Json.readMap(sim.get("/trades?limit=0").body());
            assertThat(((Number) after.get("total_trades")).intValue()).isGreaterThanOrEqualTo(((Number) before).intValue());
        } finally {
            sim.close();
        }
    }
}
