package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import io.ftfleet.freqtrade.SimulatedBot;
import io.ftfleet.risk.DrawdownGuardTripped;
import io.ftfleet.support.Api;
import io.ftfleet.support.ExternalBots;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;

/**
 * An external bot answering as Freqtrade 2025.4 that is stopped: {@code /pause} would start its trading loop in the
 * paused state (contract A4.2), so neither a user's pause nor a drawdown guard's halt may send it.
 */
@FullStackTest
class ExternalStoppedBot2025Tests {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationEventPublisher events;
    Api api;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
    }

    @Test
    void aStoppedExternal2025BotStaysStoppedWhenTheUserPausesIt() throws Exception {
        try (SimulatedBot stopped = stopped2025("ext-stopped-pause")) {
            long id = ExternalBots.register(api, admin, "stopped-2025-pause", stopped);
            assertThat(ownState(id)).isEqualTo("stopped");

            Api.Response paused = api.postJson("/api/v1/bots/" + id + "/pause", admin, "");
            assertThat(paused.status()).as(paused.body()).isEqualTo(200);
            assertThat(paused.text("observed_state")).isEqualTo("stopped");
            assertThat(ownState(id)).as("its own show_config after a user's pause").isEqualTo("stopped");
        }
    }

    @Test
    void aStoppedExternal2025BotStaysStoppedWhenADrawdownGuardHaltsIt() throws Exception {
        try (SimulatedBot stopped = stopped2025("ext-stopped-guard")) {
            long id = ExternalBots.register(api, admin, "stopped-2025-guard", stopped);
            assertThat(ownState(id)).isEqualTo("stopped");

            // The bot module's listener runs on this thread: the halt is done when publishEvent returns.
            events.publishEvent(new DrawdownGuardTripped(0, "test-guard", "none", true, "USDT", 1000, 900, 10, 5,
                    List.of(id), false));
            assertThat(ownState(id)).as("its own show_config after a guard's halt").isEqualTo("stopped");
            assertThat(api.get("/api/v1/bots/" + id, admin).json().get("observed_state").asString())
                    .isEqualTo("stopped");
        }
    }

    private static SimulatedBot stopped2025(String dir) throws java.io.IOException {
        return SimulatedBot.start(Files.createTempDirectory(dir), Map.of("initial_state", "stopped"),
                Map.of("FTSIM_FLAVOR", "2025"));
    }

    private String ownState(long id) {
        return api.get("/api/v1/bots/" + id + "/show_config", admin).json().get("state").asString();
    }
}
