package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.ftfleet.support.Api;
import io.ftfleet.support.RestartableServer;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

/**
 * The server stops and starts again on the same database and data directory: bots that kept running are adopted
 * (same PID), never started twice.
 */
class BotReadoptionTests {

    @Test
    void adoptsRunningBotsAfterServerRestartWithoutRestartingThem() throws Exception {
        Path data = Files.createTempDirectory("ftfleet-readopt");
        SupervisorRecoveryTests.RunningBot left = SupervisorRecoveryTests.runningBotLeftBehind(data, "adoptee");
        long id = left.id();
        long pid = left.pid();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

        ConfigurableApplicationContext second = RestartableServer.start(data);
        try {
            BotFaults bots = new BotFaults(new Api(port(second)));
            JsonNode adopted = bots.await(id, b -> b.get("observed_reason").asString().contains("adopted"),
                    Duration.ofSeconds(30));
            assertThat(adopted.get("observed_state").asString()).isEqualTo("running");
            assertThat(adopted.get("pid").asLong()).isEqualTo(pid);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

            // Still supervised by the new server: stopping works and ends that very process.
            bots.api.postJson("/api/v1/bots/" + id + "/stop", bots.token, "");
            bots.await(id, b -> b.get("observed_state").asString().equals("stopped"), Duration.ofSeconds(20));
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        } finally {
            second.close();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
