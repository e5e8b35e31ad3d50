package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ftfleet.support.FullStackTest;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The lifecycle against bots answering as Freqtrade 2025.4 (paused state): the server pauses with {@code /pause} and
 * resumes with {@code /start}, so the bot says {@code paused} and keeps its own max_open_trades.
 */
@FullStackTest
class FlavorLifecycle2025Tests extends FlavorLifecycleScenario {

    @DynamicPropertySource
    static void flavor2025(DynamicPropertyRegistry registry) {
        registry.add("ftfleet.runtime.local.environment.FTSIM_FLAVOR", () -> "2025");
    }

    @Override
    String expectedVersion() {
        return "2025.4";
    }

    @Override
    void assertPausedAnswer(JsonNode showConfig) {
        assertThat(showConfig.get("state").asString()).isEqualTo("paused");
        assertThat(showConfig.get("max_open_trades").asInt()).isEqualTo(MAX_OPEN_TRADES);
    }

    /** 2025.4: /start alone resumes a paused bot, no reload. */
    @Override
    long expectedReloadsToResume() {
        return 0;
    }
}
