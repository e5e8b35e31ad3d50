package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/** A bot that keeps crashing (simulator fault injection) ends as crashed after the crash limit. */
@FullStackTest
class BotCrashLoopTests {

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        registry.add("ftfleet.runtime.local.freqtrade-command", Simulator::command);
        registry.add("ftfleet.runtime.local.environment.FTSIM_CRASH_AFTER_SECONDS", () -> "1");
        registry.add("ftfleet.runtime.local.backoff-base", () -> "100ms");
        registry.add("ftfleet.runtime.local.crash-limit", () -> "3");
    }

    @LocalServerPort
    int port;

    @Test
    void crashLoopEndsInCrashedAndIsLeftAlone() {
        BotFaults bots = new BotFaults(new Api(port));
        long id = bots.create("crash-loop");
        bots.api.postJson("/api/v1/bots/" + id + "/start", bots.token, "");
        JsonNode crashed = bots.await(id, b -> b.get("observed_state").asString().equals("crashed")
                && b.get("observed_reason").asString().contains("3 crashes"), Duration.ofSeconds(90));
        assertThat(crashed.get("status").asString()).isEqualTo("error");
        assertThat(crashed.get("observed_reason").asString()).contains("Simulated crash");
        // Left alone: still crashed a while later, no process.
        BotLifecycleTests.sleep(3000);
        JsonNode later = bots.api.get("/api/v1/bots/" + id, bots.token).json();
        assertThat(later.get("observed_state").asString()).isEqualTo("crashed");
        assertThat(later.get("pid").isNull()).isTrue();
    }
}
