package io.ftfleet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FTSIM_FLAVOR=2025 answers as Freqtrade 2025.4 (paused state); unset or 2024 stays the 2.40 snapshot. */
class FlavorTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clearFlavor() {
        System.clearProperty("FTSIM_FLAVOR");
    }

    @Test
    void flavor2025PausesWithPauseAndStopentryAndResumesWithStart() throws Exception {
        System.setProperty("FTSIM_FLAVOR", "2025");
        try (SimFixture sim = new SimFixture(tmp, Map.of("initial_state", "running", "max_open_trades", 3)).start(60)) {
            Map<String, Object> cfg = Json.readMap(sim.get("/show_config").body());
            assertThat(cfg).containsEntry("state", "running").containsEntry("version", "2025.4").containsEntry("api_version", 2.42);
            assertThat(Json.readMap(sim.get("/version").body())).containsEntry("version", "2025.4");

            assertThat(Json.readMap(sim.post("/pause", null).body()))
                    .containsEntry("status", "paused, no more entries will occur from now. Run /start to enable entries.");
            // paused is a state of its own; max_open_trades is left as configured
            assertThat(Json.readMap(sim.get("/show_config").body())).containsEntry("state", "paused").containsEntry("max_open_trades", 3.0);
            // exits and /count work while paused, entries do not
            assertThat(sim.get("/count").statusCode()).isEqualTo(200);
            assertThat(sim.post("/forceexit", "{\"tradeid\": \"all\"}").statusCode()).isEqualTo(200);

            assertThat(Json.readMap(sim.post("/start", null).body())).containsEntry("status", "starting trader ...");
            assertThat(Json.readMap(sim.get("/show_config").body())).containsEntry("state", "running").containsEntry("max_open_trades", 3.0);

            // /stopentry and /stopbuy are aliases of /pause
            assertThat(Json.readMap(sim.post("/stopentry", null).body()))
                    .containsEntry("status", "paused, no more entries will occur from now. Run /start to enable entries.");
            assertThat(Json.readMap(sim.get("/show_config").body())).containsEntry("state", "paused").containsEntry("max_open_trades", 3.0);
            assertThat(Json.readMap(sim.post("/start", null).body())).containsEntry("status", "starting trader ...");
            assertThat(Json.readMap(sim.post("/stopbuy", null).body())).containsEntry("status",
                    "paused, no more entries will occur from now. Run /start to enable entries.");

            // /stop works from paused; /pause from stopped starts the trader paused
            assertThat(Json.readMap(sim.post("/stop", null).body())).containsEntry("status", "stopping trader ...");
            assertThat(Json.readMap(sim.post("/pause", null).body())).containsEntry("status",
                    "starting bot with trader in paused state, no entries will occur. Run /start to enable entries.");
            assertThat(Json.readMap(sim.get("/show_config").body())).containsEntry("state", "paused");
        }
    }

    @Test
    void flavor2024HasNoPauseRouteAndStopentryZeroesMaxOpenTrades() throws Exception {
        try (SimFixture sim = new SimFixture(tmp, Map.of("initial_state", "running", "max_open_trades", 3)).start(60)) {
            Map<String, Object> cfg = Json.readMap(sim.get("/show_config").body());
            assertThat(cfg).containsEntry("version", "2024.10-dev-c9ae5e1e9").containsEntry("api_version", 2.4);
            HttpResponse<String> pause = sim.post("/pause", null);
            assertThat(pause.statusCode()).isEqualTo(404);
            assertThat(Json.readMap(sim.get("/show_config").body())).containsEntry("state", "running").containsEntry("max_open_trades", 3.0);
            sim.post("/stopentry", null);
            assertThat(Json.readMap(sim.get("/show_config").body())).containsEntry("state", "running").containsEntry("max_open_trades", 0.0);
            // /start does not undo stopentry on 2.40
            assertThat(Json.readMap(sim.post("/start", null).body())).containsEntry("status", "already running");
            assertThat(Json.readMap(sim.get("/show_config").body())).containsEntry("max_open_trades", 0.0);
            // limit=0 still means "all, newest first"
            assertThat(sim.get("/trades?limit=0").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void flavor2025ValidatesTradesPagingAndOrdersByIdOrCloseDate() throws Exception {
        System.setProperty("FTSIM_FLAVOR", "2025");
        try (SimFixture sim = new SimFixture(tmp, Map.of("initial_state", "running")).start()) {
            sim.ensureTrades();
            HttpResponse<String> zero = sim.get("/trades?limit=0");
            assertThat(zero.statusCode()).isEqualTo(422);
            assertThat(zero.body()).contains("greater_than_equal").contains("\"limit\"");
            assertThat(sim.get("/trades?offset=-1").statusCode()).isEqualTo(422);

            List<Object> byId = Json.listOf(Json.readMap(sim.get("/trades?limit=500&order_by_id=true").body()).get("trades"));
            List<Object> byClose = Json.listOf(Json.readMap(sim.get("/trades?limit=500&order_by_id=false").body()).get("trades"));
            assertThat(byId).hasSizeGreaterThanOrEqualTo(2).hasSameSizeAs(byClose);
            List<Long> ids = byId.stream().map(t -> ((Number) ((Map<?, ?>) t).get("trade_id")).longValue()).toList();
            assertThat(ids).isSorted();
            List<Long> closes = byClose.stream().map(t -> ((Number) ((Map<?, ?>) t).get("close_timestamp")).longValue()).toList();
            assertThat(closes).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        }
    }

    @Test
    void initialStatePausedStartsA2025BotPaused() throws Exception {
        System.setProperty("FTSIM_FLAVOR", "2025");
        try (SimFixture sim = new SimFixture(tmp.resolve("a"), Map.of("initial_state", "paused")).start(60)) {
            assertThat(Json.readMap(sim.get("/show_config").body())).containsEntry("state", "paused");
        }
    }
}
