package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;

import io.ftfleet.support.Api;
import io.ftfleet.support.RestartableServer;
import io.ftfleet.support.Simulator;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

/** Recovery after a server restart is the reconciler's first pass: it adopts, never launches beside, never aborts. */
class SupervisorRecoveryTests {

    @Test
    void aLiveBotWhoseApiDoesNotAnswerIsAdoptedAsUnreachableAndNeverLaunchedTwice() throws Exception {
        Path data = Files.createTempDirectory("ftfleet-unreachable");
        RunningBot left = runningBotLeftBehind(data, "frozen");
        long id = left.id();
        long pid = left.pid();
        // Its PID lives and its command line matches, but its API does not answer (a busy host, a long reload).
        signal("STOP", pid);
        ConfigurableApplicationContext second = null;
        try {
            second = RestartableServer.start(data, "--ftfleet.freqtrade.client.read-timeout=1s");
            BotFaults bots = new BotFaults(new Api(port(second)));
            JsonNode adopted = bots.await(id, b -> b.get("observed_state").asString().equals("unreachable"),
                    Duration.ofSeconds(30));
            assertThat(adopted.get("observed_reason").asString()).contains("adopted");
            assertThat(processesOf(data, id)).extracting(ProcessHandle::pid).containsExactly(pid);

            signal("CONT", pid);
            JsonNode running = bots.await(id, b -> b.get("observed_state").asString().equals("running"),
                    Duration.ofSeconds(30));
            assertThat(running.get("pid").asLong()).isEqualTo(pid);
            assertThat(processesOf(data, id)).extracting(ProcessHandle::pid).containsExactly(pid);
            bots.api.postJson("/api/v1/bots/" + id + "/stop", bots.token, "");
        } finally {
            signal("CONT", pid);
            if (second != null) {
                second.close();
            }
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            processesOf(data, id).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aStraySecondProcessOfABotFoundAtStartUpIsKilledAndTheRecordedOneAdopted() throws Exception {
        Path data = Files.createTempDirectory("ftfleet-stray");
        RunningBot left = runningBotLeftBehind(data, "stray");
        long id = left.id();
        long pid = left.pid();
        // While the server is away a second process of the bot appears (an operator's manual start, a launcher
        // that double-fired): same bot directory and config on its command line, not the recorded PID.
        String config = data.toAbsolutePath().normalize().resolve("bots").resolve(Long.toString(id))
                .resolve("config.json").toString();
        Process stray = new ProcessBuilder("sh", "-c", "sleep 600", "freqtrade", "trade", "--config", config)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ConfigurableApplicationContext second = null;
        try {
            assertThat(processesOf(data, id)).extracting(ProcessHandle::pid).containsExactlyInAnyOrder(pid, stray.pid());
            second = RestartableServer.start(data);
            BotFaults bots = new BotFaults(new Api(port(second)));
            JsonNode adopted = bots.await(id, b -> b.get("observed_state").asString().equals("running"),
                    Duration.ofSeconds(30));
            assertThat(adopted.get("pid").asLong()).isEqualTo(pid);
            assertThat(stray.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("stray process killed").isTrue();
            assertThat(processesOf(data, id)).extracting(ProcessHandle::pid).containsExactly(pid);
            bots.api.postJson("/api/v1/bots/" + id + "/stop", bots.token, "");
        } finally {
            if (second != null) {
                second.close();
            }
            stray.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            stray.destroyForcibly();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * A bot's process may have children that carry its command line (Python's multiprocessing workers, a fork before
     * its exec): they are the bot's own tree, not a second bot. Recovery must not kill them as strays.
     */
    @Test
    void aChildOfTheBotsProcessCarryingItsCommandLineIsPartOfTheBotAndSurvivesRecovery() throws Exception {
        Path data = Files.createTempDirectory("ftfleet-worker");
        // The wrapper forks a long-lived worker (a subshell keeps the wrapper's command line), then becomes the bot.
        Path wrapper = Files.createTempFile("freqtrade-with-worker", ".sh", java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        Files.writeString(wrapper, "#!/bin/sh\n( while :; do sleep 1; done ) &\nexec " + Simulator.command()
                + " \"$@\"\n");
        String command = "--ftfleet.runtime.local.freqtrade-command=" + wrapper;
        RunningBot left = runningBotLeftBehind(data, "worker", command);
        long id = left.id();
        long pid = left.pid();
        ProcessHandle worker = processesOf(data, id).stream().filter(p -> p.pid() != pid).findFirst().orElseThrow();
        assertThat(worker.parent().map(ProcessHandle::pid)).contains(pid);
        ConfigurableApplicationContext second = null;
        try {
            second = RestartableServer.start(data, command); // returns once recovery's first pass has run
            BotFaults bots = new BotFaults(new Api(port(second)));
            JsonNode adopted = bots.await(id, b -> b.get("observed_state").asString().equals("running"),
                    Duration.ofSeconds(30));
            assertThat(adopted.get("pid").asLong()).isEqualTo(pid);
            assertThat(worker.isAlive()).as("the bot's own worker survives recovery").isTrue();
            assertThat(processesOf(data, id)).extracting(ProcessHandle::pid).containsExactlyInAnyOrder(pid, worker.pid());

            bots.api.postJson("/api/v1/bots/" + id + "/stop", bots.token, "");
            bots.await(id, b -> b.get("observed_state").asString().equals("stopped"), Duration.ofSeconds(30));
            io.ftfleet.support.Await.until(() -> processesOf(data, id), List::isEmpty, Duration.ofSeconds(10));
        } finally {
            if (second != null) {
                second.close();
            }
            worker.destroyForcibly();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aBotWithAnInvalidPinnedStrategyVersionIsLeftUnsupervisedAndTheServerStillStarts() throws Exception {
        Path data = Files.createTempDirectory("ftfleet-badrow");
        RunningBot left = runningBotLeftBehind(data, "bad-row");
        long id = left.id();
        long pid = left.pid();
        // While the server is away: the bot dies and its pinned strategy version turns out invalid.
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("db/ftfleet")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "ftfleet", "");
                PreparedStatement invalid = db.prepareStatement("update strategy_versions set valid = false")) {
            invalid.executeUpdate();
        }

        ConfigurableApplicationContext second = RestartableServer.start(data);
        try {
            BotFaults bots = new BotFaults(new Api(port(second)));
            JsonNode bot = bots.await(id, b -> b.get("observed_state").asString().equals("unsupervised"),
                    Duration.ofSeconds(30));
            assertThat(bot.get("observed_reason").asString()).contains("validation");
            assertThat(processesOf(data, id)).isEmpty();
            // The server serves lifecycle routes: the bad row blocked nothing.
            assertThat(bots.api.postJson("/api/v1/bots/" + id + "/stop", bots.token, "").status()).isEqualTo(200);
        } finally {
            second.close();
        }
    }

    @Test
    void startStopAndEmergencyStopAnswer503RecoveringUntilRecoveryHasRunAndTheBotIsThenAdoptedStillRunning()
            throws Exception {
        Path data = Files.createTempDirectory("ftfleet-recovering");
        RunningBot left = runningBotLeftBehind(data, "slow-recovery");
        long id = left.id();
        long pid = left.pid();
        // A frozen bot makes recovery's first pass take its API timeout: routes arrive meanwhile.
        signal("STOP", pid);
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        // A plain thread: it inherits this thread's class loader, which Spring Boot needs.
        java.util.concurrent.CompletableFuture<ConfigurableApplicationContext> second = new java.util.concurrent.CompletableFuture<>();
        new Thread(() -> {
            try {
                second.complete(RestartableServer.start(data, "--server.port=" + port,
                        "--ftfleet.freqtrade.client.read-timeout=20s"));
            } catch (Throwable e) {
                second.completeExceptionally(e);
            }
        }).start();
        try {
            Api api = new Api(port);
            String token = io.ftfleet.support.Await.until(() -> {
                try {
                    return api.adminToken();
                } catch (RuntimeException | AssertionError notUpYet) {
                    return null;
                }
            }, java.util.Objects::nonNull, Duration.ofSeconds(60));
            Api.Response start = api.postJson("/api/v1/bots/" + id + "/start", token, "");
            Api.Response stop = api.postJson("/api/v1/bots/" + id + "/stop", token, "");
            Api.Response emergency = api.postJson("/api/v1/emergency/stop-all", token, "");
            for (Api.Response refused : List.of(start, stop, emergency)) {
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.text("code")).isEqualTo("recovering");
                assertThat(refused.header("Retry-After")).isNotBlank();
            }
            assertThat(processesOf(data, id)).extracting(ProcessHandle::pid).containsExactly(pid);

            // Recovery ends: the refused stop left nothing behind, so the bot is adopted and keeps running.
            signal("CONT", pid);
            second.get(120, java.util.concurrent.TimeUnit.SECONDS);
            BotFaults bots = new BotFaults(api);
            JsonNode adopted = bots.await(id, b -> b.get("observed_state").asString().equals("running"),
                    Duration.ofSeconds(30));
            assertThat(adopted.get("pid").asLong()).isEqualTo(pid);
            assertThat(adopted.get("desired_state").asString()).isEqualTo("running");
            assertThat(processesOf(data, id)).extracting(ProcessHandle::pid).containsExactly(pid);
            // And it stays so: a stop that was refused is never carried out later.
            java.time.Instant until = java.time.Instant.now().plusSeconds(3);
            while (java.time.Instant.now().isBefore(until)) {
                assertThat(api.get("/api/v1/bots/" + id, token).json().get("observed_state").asString())
                        .isEqualTo("running");
                BotLifecycleTests.sleep(200);
            }
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
            bots.api.postJson("/api/v1/bots/" + id + "/stop", bots.token, "");
        } finally {
            signal("CONT", pid);
            second.join().close();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            processesOf(data, id).forEach(ProcessHandle::destroyForcibly);
        }
    }

    record RunningBot(long id, long pid) {
    }

    /** A server starts a bot, sees it running and stops (the bot keeps running, as after a server crash). */
    static RunningBot runningBotLeftBehind(Path data, String name, String... settings) {
        ConfigurableApplicationContext first = RestartableServer.start(data, settings);
        try {
            BotFaults bots = new BotFaults(new Api(port(first)));
            long id = bots.create(name);
            bots.api.postJson("/api/v1/bots/" + id + "/start", bots.token, "");
            long pid = bots.await(id, b -> b.get("observed_state").asString().equals("running"), Duration.ofSeconds(60))
                    .get("pid").asLong();
            return new RunningBot(id, pid);
        } finally {
            first.close();
        }
    }

    static List<ProcessHandle> processesOf(Path data, long id) {
        String config = data.toAbsolutePath().normalize().resolve("bots").resolve(Long.toString(id))
                .resolve("config.json").toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(config)).toList();
    }

    private static void signal(String signal, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
