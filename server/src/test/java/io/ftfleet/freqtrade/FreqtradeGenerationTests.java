package io.ftfleet.freqtrade;

import static io.ftfleet.freqtrade.FreqtradeGeneration.PAUSED_STATE;
import static io.ftfleet.freqtrade.FreqtradeGeneration.STOPENTRY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which stop/resume semantics a bot has, from its own show_config answer and nothing else. */
class FreqtradeGenerationTests {

    @Test
    void tellsTheGenerationFromStateVersionAndApiVersion() {
        assertThat(FreqtradeGeneration.of("running", "2024.10-dev-c9ae5e1e9", 2.4)).isEqualTo(STOPENTRY);
        assertThat(FreqtradeGeneration.of("running", "2025.3", 2.42)).isEqualTo(STOPENTRY);
        // 2025.4 added the paused state without an api_version bump: the version decides
        assertThat(FreqtradeGeneration.of("running", "2025.4", 2.42)).isEqualTo(PAUSED_STATE);
        assertThat(FreqtradeGeneration.of("stopped", "docker-2025.11-abc123", 2.43)).isEqualTo(PAUSED_STATE);
        assertThat(FreqtradeGeneration.of("running", "2026.3", 2.47)).isEqualTo(PAUSED_STATE);
        // a bot that says paused has the state, whatever its version string
        assertThat(FreqtradeGeneration.of("paused", "custom-build", 2.42)).isEqualTo(PAUSED_STATE);
        // no CalVer: only an api_version no pre-pause release reported counts
        assertThat(FreqtradeGeneration.of("running", "custom-build", 2.45)).isEqualTo(PAUSED_STATE);
        assertThat(FreqtradeGeneration.of("running", "custom-build", 2.42)).isEqualTo(STOPENTRY);
        assertThat(FreqtradeGeneration.of("running", null, 0)).isEqualTo(STOPENTRY);
    }

    /**
     * Same config, only the simulator's flavor differs: the client tells the bots apart by their answers, stops
     * entries on each its own way, and both read as entries stopped.
     */
    @Test
    void tellsA2025PausedBotFromA2024StopentryBotByTheirAnswersAlone(@TempDir Path dir) throws Exception {
        FreqtradeClients clients = new FreqtradeClients(FreqtradeClientSettings.defaults());
        Map<String, Object> config = Map.of("initial_state", "running", "max_open_trades", 3);
        try (SimulatedBot old = SimulatedBot.start(dir.resolve("old"), config, Map.of());
                SimulatedBot current = SimulatedBot.start(dir.resolve("new"), config, Map.of("FTSIM_FLAVOR", "2025"))) {
            FreqtradeClient oldClient = clients.forBot(old.endpoint());
            FreqtradeClient newClient = clients.forBot(current.endpoint());
            assertThat(oldClient.showConfig().generation()).isEqualTo(STOPENTRY);
            assertThat(newClient.showConfig().generation()).isEqualTo(PAUSED_STATE);

            oldClient.stopEntry();
            newClient.pause();

            ShowConfig oldStopped = oldClient.showConfig();
            ShowConfig newPaused = newClient.showConfig();
            assertThat(oldStopped.state()).isEqualTo("running");
            assertThat(oldStopped.maxOpenTrades()).isZero();
            assertThat(newPaused.state()).isEqualTo("paused");
            assertThat(newPaused.maxOpenTrades()).isEqualTo(3);
            assertThat(oldStopped.entriesStopped()).isTrue();
            assertThat(newPaused.entriesStopped()).isTrue();
            assertThat(newPaused.generation()).isEqualTo(PAUSED_STATE);
            assertThat(oldStopped.generation()).isEqualTo(STOPENTRY);

            // /start resumes only the paused one
            assertThat(newClient.start()).isEqualTo("starting trader ...");
            assertThat(oldClient.start()).isEqualTo("already running");
            assertThat(newClient.showConfig().entriesStopped()).isFalse();
            assertThat(oldClient.showConfig().entriesStopped()).isTrue();
        }
    }
}
