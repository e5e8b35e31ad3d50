package io.ftfleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The poller's lag watch, driven by a clock the test moves: one event when it falls behind, one when it catches up. */
class PollerLagWatchTests {

    static final Duration INTERVAL = Duration.ofSeconds(5);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T03:00:00Z"));
    final List<Object> published = new ArrayList<>();
    Instant lastCompleted;
    final PollerLagWatch watch = new PollerLagWatch(() -> Optional.ofNullable(lastCompleted), INTERVAL, 3, clock,
            published::add);

    @Test
    void aPollerThatStopsCompletingCyclesIsReportedLaggingOnceAndRecoveredOnceWhenACycleCompletes() {
        lastCompleted = clock.instant();
        clock.advance(INTERVAL.multipliedBy(3)); // exactly the limit: not yet
        watch.check();
        assertThat(published).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        watch.check();
        clock.advance(Duration.ofMinutes(5));
        watch.check(); // still lagging: no second alert
        watch.check();
        assertThat(published).singleElement().isInstanceOfSatisfying(PollerLag.class, lag -> {
            assertThat(lag.lagging()).isTrue();
            assertThat(lag.lag()).isEqualTo(Duration.ofSeconds(16));
            assertThat(lag.limit()).isEqualTo(Duration.ofSeconds(15));
            assertThat(lag.lastCycleCompleted()).isEqualTo(lastCompleted);
        });

        lastCompleted = clock.instant(); // the stuck cycle finally ends
        clock.advance(Duration.ofSeconds(1));
        watch.check();
        watch.check();
        assertThat(published).hasSize(2);
        PollerLag recovered = (PollerLag) published.get(1);
        assertThat(recovered.lagging()).isFalse();
        assertThat(recovered.lag()).isEqualTo(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(20)); // and it can lag again
        watch.check();
        assertThat(published).hasSize(3);
        assertThat(((PollerLag) published.get(2)).lagging()).isTrue();
    }

    @Test
    void aPollerWhoseFirstCycleNeverCompletesIsLaggingCountedFromTheStart() {
        clock.advance(Duration.ofSeconds(14));
        watch.check();
        assertThat(published).isEmpty();
        clock.advance(Duration.ofSeconds(2));
        watch.check();
        assertThat(published).singleElement().isInstanceOfSatisfying(PollerLag.class, lag -> {
            assertThat(lag.lagging()).isTrue();
            assertThat(lag.lastCycleCompleted()).isNull();
        });
    }

    @Test
    void cyclesCompletingOnTimeNeverRaiseAnything() {
        for (int i = 0; i < 100; i++) {
            clock.advance(INTERVAL.plusMillis(900)); // a cycle of 0.9 s, then the interval
            lastCompleted = clock.instant();
            clock.advance(Duration.ofMillis(100));
            watch.check();
        }
        assertThat(published).isEmpty();
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
