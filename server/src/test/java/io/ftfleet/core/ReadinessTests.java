package io.ftfleet.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.ftfleet.support.Await;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/** /health's readiness comes from background checks: an outage shows within one check interval, a hang too. */
class ReadinessTests {

    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @Test
    void aDatabaseOutageIsReportedWithinOneCheckInterval() throws Exception {
        // A real database server on loopback, stopped mid-test: the check's connections are refused from then on.
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:readiness;DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        try (Readiness readiness = new Readiness(List.of(new DatabaseReadinessCheck(dataSource)), INTERVAL,
                Clock.systemUTC())) {
            readiness.start();
            assertThat(readiness.statuses().get(0).up()).as(readiness.statuses().toString()).isTrue();

            Instant stopped = Instant.now();
            h2.stop();
            Readiness.Status down = Await.until(() -> readiness.statuses().get(0), s -> !s.up(),
                    INTERVAL.multipliedBy(3));
            // Seen by the first cycle after the outage: one interval, plus the check itself and scheduling slack.
            assertThat(Duration.between(stopped, Instant.now())).isLessThan(INTERVAL.plusMillis(1500));
            // Refused at once ("unreachable"), or a connect that hangs on the dead server ("no answer"): down either way.
            assertThat(down.detail()).matches("unreachable: .*|no answer for \\d+ ms");
        } finally {
            h2.stop();
        }
    }

    @Test
    void aCheckThatHangsIsReportedDownAndNeverHoldsTheAnswer() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        boolean[] hang = { false };
        ReadinessCheck slow = new ReadinessCheck() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public Result check() {
                if (hang[0]) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return Result.up("fine");
            }
        };
        try (Readiness readiness = new Readiness(List.of(slow), INTERVAL, Clock.systemUTC())) {
            readiness.start();
            assertThat(readiness.statuses().get(0).up()).isTrue();
            hang[0] = true;
            Readiness.Status down = Await.until(() -> readiness.statuses().get(0), s -> !s.up(),
                    INTERVAL.multipliedBy(4));
            assertThat(down.detail()).startsWith("no answer for");
            release.countDown();
            assertThat(Await.until(() -> readiness.statuses().get(0), Readiness.Status::up, INTERVAL.multipliedBy(4))
                    .detail()).isEqualTo("fine");
        }
    }
}
