package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Freqtrade started through a wrapper script that leaves a child behind (as launchers, venv shims and shell wrappers
 * do): a stop ends the whole tree, and the bot runs in its own session, not the server's process group.
 */
@FullStackTest
class SupervisorProcessTreeTests {

    /** Unique per run, so the child is recognisable in the process table. */
    static final String CHILD_SECONDS = Integer.toString(800_000 + ThreadLocalRandom.current().nextInt(100_000));

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
        registry.add("ftfleet.runtime.local.freqtrade-command", SupervisorProcessTreeTests::wrapper);
    }

    static String wrapper() {
        try {
            Path script = Files.createTempFile("freqtrade-wrapper", ".sh",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.writeString(script, "#!/bin/sh\nsleep " + CHILD_SECONDS + " &\nexec " + Simulator.command()
                    + " \"$@\"\n");
            return script.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Test
    void stoppingABotEndsItsWholeProcessTreeAndTheBotHasItsOwnSession() {
        BotFaults bots = new BotFaults(new Api(port));
        long id = bots.create("tree");
        bots.api.postJson("/api/v1/bots/" + id + "/start", bots.token, "");
        long pid = bots.await(id, b -> b.get("observed_state").asString().equals("running"), Duration.ofSeconds(60))
                .get("pid").asLong();
        assertThat(children()).hasSize(1);
        assertThat(sessionOf(pid)).isEqualTo(pid).isNotEqualTo(sessionOf(ProcessHandle.current().pid()));

        bots.api.postJson("/api/v1/bots/" + id + "/stop", bots.token, "");
        bots.await(id, b -> b.get("observed_state").asString().equals("stopped"), Duration.ofSeconds(30));
        Await.until(SupervisorProcessTreeTests::children, List::isEmpty, Duration.ofSeconds(10));
    }

    static List<ProcessHandle> children() {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("sleep " + CHILD_SECONDS)).toList();
    }

    /** Field 6 of /proc/PID/stat: the session id. */
    static long sessionOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[3]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
