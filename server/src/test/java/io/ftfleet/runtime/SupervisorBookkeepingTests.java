package io.ftfleet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.ftfleet.core.DataDirectory;
import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;
import io.ftfleet.support.StrategyFixtures;

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
 * A failed bookkeeping write (the exit record, the audited restart event, the start record of a relaunch) is one
 * more crash under back-off, never the end of supervision. The failures are injected through the store the
 * runtime writes with and a listener of the restart event, each failing a counted number of times.
 */
@FullStackTest
@Import(SupervisorBookkeepingTests.Seams.class)
class SupervisorBookkeepingTests {

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
        // No resync timer may come to the rescue: after the crash only the supervisor's own handling relaunches.
        registry.add("ftfleet.runtime.local.resync-interval", () -> "10m");
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
    }

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory data;
    @Autowired
    FailingStore store;
    @Autowired
    FailingRestartAudit restartAudit;

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

    List<ProcessHandle> processesOf(long id) {
        String config = data.root().resolve("bots").resolve(Long.toString(id)).resolve("config.json").toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(config)).toList();
    }
}
