package io.ftfleet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ftfleet.core.DataDirectory;
import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;
import io.ftfleet.support.StrategyFixtures;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * A failed bookkeeping write (the exit record, the audited restart event, the start record of a relaunch), a failed
 * spawn and a start timeout are one more crash under back-off, never the end of supervision; a stop racing the
 * supervisor's own relaunch wins. The failures are injected through the store the runtime writes with, a listener
 * of the restart event and the runtime's spawn seam, each failing a counted number of times; a journal of the
 * runtime's events says what the supervisor decided in between.
 */
@FullStackTest
@Import(SupervisorBookkeepingTests.Seams.class)
class SupervisorBookkeepingTests {

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
        // No resync timer may come to the rescue: after the crash only the supervisor's own handling relaunches.
        registry.add("ftfleet.runtime.local.resync-interval", () -> "10m");
        // Short enough to wait out a relaunch that never reports running, long enough for a simulator on a busy host.
        registry.add("ftfleet.runtime.local.start-timeout", () -> "30s");
    }

    /** The runtime's store, failing the next {@code n} writes of a kind when armed. */
    static class FailingStore extends BotProcessStore {
        final AtomicInteger exitFailures = new AtomicInteger();
        final AtomicInteger startFailures = new AtomicInteger();

        FailingStore(BotProcessRepository repository, Clock clock) {
            super(repository, clock);
        }

        // Through methods: the bean is a transactional proxy, whose own fields are not the target's.
        void failNext(int exits, int starts) {
            exitFailures.set(exits);
            startFailures.set(starts);
        }

        int pendingFailures() {
            return exitFailures.get() + startFailures.get();
        }

        @Override
        void recordExit(long botId, Integer exitCode) {
            if (exitFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new org.springframework.dao.DataAccessResourceFailureException("injected: database away");
            }
            super.recordExit(botId, exitCode);
        }

        @Override
        void recordStart(long botId, String kind, Long pid, Integer port, String baseUrl, String commandLine,
                String username, String passwordEnc, String jwtEnc, String wsEnc, String restartPolicy,
                Instant startedAt) {
            if (startFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new org.springframework.dao.DataAccessResourceFailureException("injected: database away");
            }
            super.recordStart(botId, kind, pid, port, baseUrl, commandLine, username, passwordEnc, jwtEnc, wsEnc,
                    restartPolicy, startedAt);
        }
    }

    /** Stands for the audit write of the restart event failing (its listener runs in the publisher's call). */
    static class FailingRestartAudit {
        final AtomicInteger failures = new AtomicInteger();

        @EventListener
        void on(RuntimeEvents.BotRestartScheduled event) {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new org.springframework.dao.DataAccessResourceFailureException("injected: audit write failed");
            }
        }
    }

    /** What the runtime told the rest of the server, in order. */
    static class Journal {
        final List<RuntimeEvents.BotObserved> observed = new CopyOnWriteArrayList<>();
        final List<RuntimeEvents.BotRestartScheduled> restarts = new CopyOnWriteArrayList<>();

        @EventListener
        void on(RuntimeEvents.BotObserved event) {
            observed.add(event);
        }

        @EventListener
        void on(RuntimeEvents.BotRestartScheduled event) {
            restarts.add(event);
        }

        List<RuntimeEvents.BotObserved> observed(long botId) {
            return observed.stream().filter(e -> e.botId() == botId).toList();
        }

        List<RuntimeEvents.BotRestartScheduled> restarts(long botId) {
            return restarts.stream().filter(e -> e.botId() == botId).toList();
        }
    }

    @TestConfiguration
    static class Seams {
        @Bean
        @Primary
        FailingStore failingStore(BotProcessRepository repository, Clock clock) {
            return new FailingStore(repository, clock);
        }

        @Bean
        FailingRestartAudit failingRestartAudit() {
            return new FailingRestartAudit();
        }

        @Bean
        Journal journal() {
            return new Journal();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory data;
    @Autowired
    FailingStore store;
    @Autowired
    FailingRestartAudit restartAudit;
    @Autowired
    Journal journal;
    @Autowired
    LocalRuntime runtime;

    @AfterEach
    void cleanUp() {
        runtime.spawnSeam = LocalRuntime.SpawnSeam.NONE;
        Api api = new Api(port);
        api.postJson("/api/v1/bots/stop-all", api.adminToken(), "{}");
    }

    @Test
    void failedBookkeepingWritesAfterACrashAreAnotherCrashAndTheBotIsRunningAgain() {
        Api api = new Api(port);
        String token = api.adminToken();
        api.postJson("/api/v1/strategies/", token, StrategyFixtures.body("Bookkeeping"));
        Api.Response created = api.postJson("/api/v1/bots/", token, "{\"name\":\"bookkeeping\",\"strategy_name\":"
                + "\"Bookkeeping\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,"
                + "\"restart_policy\":\"always\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(api.postJson("/api/v1/bots/" + id + "/start", token, "").status()).isEqualTo(200);
        long pid = Await.until(() -> api.get("/api/v1/bots/" + id, token).json(),
                b -> b.get("observed_state").asString().equals("running"), Duration.ofSeconds(60)).get("pid").asLong();

        // The exit record, the restart's audit and the relaunch's start record all fail once.
        store.failNext(1, 1);
        restartAudit.failures.set(1);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        JsonNode again = Await.until(() -> api.get("/api/v1/bots/" + id, token).json(),
                b -> b.get("observed_state").asString().equals("running") && b.get("pid").asLong() != pid,
                Duration.ofSeconds(60));
        assertThat(store.pendingFailures()).as("the exit record and the relaunch's start record failed").isZero();
        assertThat(restartAudit.failures).as("restart audit failed").hasValue(0);
        assertThat(processesOf(id)).extracting(ProcessHandle::pid).containsExactly(again.get("pid").asLong());
        assertThat(api.postJson("/api/v1/bots/" + id + "/stop", token, "").status()).isEqualTo(200);
        assertThat(processesOf(id)).isEmpty();
    }

    @Test
    void aStopArrivingWhileTheRestartTimersLaunchIsUnderWayAnswersStoppedAndLeavesNoProcess() throws Exception {
        Api api = new Api(port);
        String token = api.adminToken();
        long id = create(api, token, "stop-mid-launch");
        long pid = startAndAwaitRunning(api, token, id);
        // The supervisor's relaunch is held just before its spawn, on the bot's queue.
        CountDownLatch launching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        runtime.spawnSeam = new LocalRuntime.SpawnSeam() {
            @Override
            public void beforeSpawn(long botId) {
                if (botId == id) {
                    launching.countDown();
                    await(release);
                }
            }
        };
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        assertThat(launching.await(60, TimeUnit.SECONDS)).as("the restart timer's launch began").isTrue();

        CompletableFuture<Api.Response> stop = CompletableFuture.supplyAsync(() ->
                api.postJson("/api/v1/bots/" + id + "/stop", token, ""));
        // The stop has written its desired state; its command now waits for the launch.
        Await.until(() -> api.get("/api/v1/bots/" + id, token).json(),
                b -> b.get("desired_state").asString().equals("stopped"), Duration.ofSeconds(30));
        int before = journal.observed(id).size();
        release.countDown();

        Api.Response stopped = stop.get(60, TimeUnit.SECONDS);
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.text("observed_state")).isEqualTo("stopped");
        // Well past the back-off and the start polls: no process of the bot, and it stays stopped.
        Awaitility.await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    assertThat(processesOf(id)).as("processes of stopped bot %d", id).isEmpty();
                    assertThat(api.get("/api/v1/bots/" + id, token).json().get("observed_state").asString())
                            .isEqualTo("stopped");
                });
        // Once reported stopped, nothing about the bot says it starts again.
        List<ObservedState> after = journal.observed(id).subList(before, journal.observed(id).size()).stream()
                .map(RuntimeEvents.BotObserved::state).toList();
        assertThat(after).as("observations after the launch was let go").contains(ObservedState.STOPPED);
        assertThat(after.subList(after.indexOf(ObservedState.STOPPED), after.size())).as("after the first stopped")
                .containsOnly(ObservedState.STOPPED);
    }

    @Test
    void aRelaunchWhoseSpawnFailsIsAnotherCrashUnderBackOffAndTheBotRunsAgainOnceLaunchesWork() throws Exception {
        Api api = new Api(port);
        String token = api.adminToken();
        long id = create(api, token, "spawn-fails");
        long pid = startAndAwaitRunning(api, token, id);
        // The bot's stdout file becomes a directory: the running process keeps its open file, but the relaunch's
        // ProcessBuilder.start() throws an IOException ("Is a directory"). The second attempt finds it repaired.
        Path stdout = data.root().resolve("bots").resolve(Long.toString(id)).resolve("stdout.log");
        Files.delete(stdout);
        Files.createDirectory(stdout);
        AtomicInteger attempts = new AtomicInteger();
        runtime.spawnSeam = new LocalRuntime.SpawnSeam() {
            @Override
            public void beforeSpawn(long botId) {
                if (botId == id && attempts.incrementAndGet() == 2) {
                    repair(stdout);
                }
            }
        };
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        JsonNode again = Await.until(() -> api.get("/api/v1/bots/" + id, token).json(),
                b -> b.get("observed_state").asString().equals("running") && b.get("pid").asLong() != pid,
                Duration.ofSeconds(60));
        assertThat(attempts).as("spawn attempts").hasValue(2);
        // The kill and the failed spawn: each one a crash with a restart scheduled under back-off.
        assertThat(journal.restarts(id)).extracting(RuntimeEvents.BotRestartScheduled::crashesInWindow)
                .containsExactly(1, 2);
        assertThat(journal.observed(id)).anySatisfy(o -> {
            assertThat(o.state()).isEqualTo(ObservedState.CRASHED);
            assertThat(o.reason()).contains("could not start").contains("restarting in");
        });
        assertThat(processesOf(id)).extracting(ProcessHandle::pid).containsExactly(again.get("pid").asLong());
    }

    @Test
    void aRelaunchThatDoesNotReportRunningWithinTheStartTimeoutIsAnotherCrashAndTheBotRunsAgain() throws Exception {
        Api api = new Api(port);
        String token = api.adminToken();
        long id = create(api, token, "relaunch-timeout");
        long pid = startAndAwaitRunning(api, token, id);
        // The first relaunch is frozen the moment it is spawned: alive, its API never answers.
        AtomicInteger attempts = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong frozen = new java.util.concurrent.atomic.AtomicLong();
        runtime.spawnSeam = new LocalRuntime.SpawnSeam() {
            @Override
            public void spawned(long botId, long spawnedPid) {
                if (botId == id && attempts.incrementAndGet() == 1) {
                    frozen.set(spawnedPid);
                    signal("STOP", spawnedPid);
                }
            }
        };
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        JsonNode again = Await.until(() -> api.get("/api/v1/bots/" + id, token).json(),
                b -> b.get("observed_state").asString().equals("running") && b.get("pid").asLong() != pid,
                Duration.ofSeconds(120));
        assertThat(attempts).as("spawns").hasValue(2);
        assertThat(again.get("pid").asLong()).isNotEqualTo(frozen.get());
        assertThat(ProcessHandle.of(frozen.get()).filter(ProcessHandle::isAlive)).as("frozen relaunch ended").isEmpty();
        assertThat(journal.restarts(id)).extracting(RuntimeEvents.BotRestartScheduled::crashesInWindow)
                .containsExactly(1, 2);
        assertThat(journal.observed(id)).anySatisfy(o -> {
            assertThat(o.state()).isEqualTo(ObservedState.CRASHED);
            assertThat(o.reason()).contains("did not report running").contains("restarting in");
        });
        assertThat(processesOf(id)).extracting(ProcessHandle::pid).containsExactly(again.get("pid").asLong());
    }

    static long create(Api api, String token, String name) {
        return StrategyFixtures.createBot(api, token, "Bk", name, "always");
    }

    static long startAndAwaitRunning(Api api, String token, long id) {
        Api.Response start = api.postJson("/api/v1/bots/" + id + "/start", token, "");
        assertThat(start.status()).as(start.body()).isEqualTo(200);
        return Await.until(() -> api.get("/api/v1/bots/" + id, token).json(),
                b -> b.get("observed_state").asString().equals("running"), Duration.ofSeconds(60)).get("pid").asLong();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stdout file back as the runtime makes it (owner-only). */
    private static void repair(Path stdout) {
        try {
            Files.delete(stdout);
            Files.createFile(stdout, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void signal(String signal, long pid) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<ProcessHandle> processesOf(long id) {
        String config = data.root().resolve("bots").resolve(Long.toString(id)).resolve("config.json").toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(config)).toList();
    }
}
