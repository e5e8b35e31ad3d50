package io.ftfleet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/** The observed state is an enum inside the server; outside (JSON, stream, audit) it stays the lower-case word. */
class ObservedStateTests {

    @Test
    void everyObservedStateIsWrittenAsTheLowerCaseWordClientsAlreadyRead() {
        JsonMapper json = JsonMapper.builder().build();
        assertThat(Arrays.stream(ObservedState.values()).map(json::writeValueAsString)).containsExactly(
                "\"stopped\"", "\"starting\"", "\"running\"", "\"paused\"", "\"stopping\"", "\"start_failed\"",
                "\"crashed\"", "\"unreachable\"", "\"unsupervised\"");
    }

    @Test
    void theAuditActionOfAnObservationNamesTheStateAsBefore() {
        RuntimeEvents.BotObserved crashed = new RuntimeEvents.BotObserved(7, ObservedState.START_FAILED, null, null,
                "exited during start", java.util.List.of());
        assertThat(crashed.action()).isEqualTo("bot.observed_start_failed");
        assertThat(crashed.after()).containsEntry("state", "start_failed");
        assertThat(crashed.outcome()).isEqualTo(io.ftfleet.core.AuditableEvent.Outcome.FAILED);
    }

    @Test
    void freqtradesOwnStatesMapToObservationsAndAnUnknownOneToNone() {
        assertThat(ObservedState.ofFreqtrade("running")).contains(ObservedState.RUNNING);
        assertThat(ObservedState.ofFreqtrade("paused")).contains(ObservedState.PAUSED);
        assertThat(ObservedState.ofFreqtrade("stopped")).contains(ObservedState.STOPPED);
        assertThat(ObservedState.ofFreqtrade("reload_config")).contains(ObservedState.STARTING);
        assertThat(ObservedState.ofFreqtrade("")).isEqualTo(Optional.empty());
        assertThat(ObservedState.ofFreqtrade(null)).isEqualTo(Optional.empty());
    }
}
