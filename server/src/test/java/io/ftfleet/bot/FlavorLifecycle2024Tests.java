package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ftfleet.support.FullStackTest;

import tools.jackson.databind.JsonNode;

/** The lifecycle against bots answering as Freqtrade 2024.10 (API 2.40): entries stopped = running, 0 slots. */
@FullStackTest
class FlavorLifecycle2024Tests extends FlavorLifecycleScenario {

    @Override
    String expectedVersion() {
        return "2024.10-dev-c9ae5e1e9";
    }

    @Override
    void assertPausedAnswer(JsonNode showConfig) {
        assertThat(showConfig.get("state").asString()).isEqualTo("running");
        assertThat(showConfig.get("max_open_trades").asInt()).isZero();
    }

    /** 2.40: only a reload undoes a stopentry. */
    @Override
    long expectedReloadsToResume() {
        return 1;
    }
}
