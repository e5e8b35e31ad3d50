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

/** A bot that cannot start (simulator fault injection) ends as start_failed with its last log lines. */
@FullStackTest
class BotStartFailureTests {

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        registry.add("ftfleet.runtime.local.freqtrade-command", Simulator::command);
        registry.add("ftfleet.runtime.local.environment.FTSIM_FAIL_AT_START", () -> "1");
    }

    @LocalServerPort
    int port;

    @Test
    void startFailureEndsAsStartFailedWithTheBotsLastLogLines() {
        BotFaults bots = new BotFaults(new Api(port));
        long id = bots.create("doomed-start");
        bots.api.postJson("/api/v1/bots/" + id + "/start", bots.token, "");
        JsonNode failed = bots.await(id, b -> b.get("observed_state").asString().equals("start_failed"),
                Duration.ofSeconds(60));
        assertThat(failed.get("observed_reason").asString()).contains("exited during start with code 2")
                .contains("Could not load markets");
        assertThat(failed.get("pid").isNull()).isTrue();
    }
}
