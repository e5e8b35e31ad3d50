package io.ftfleet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Back-off and crash-loop limit, driven by the time passed in (no waiting). */
class RestartBackoffTests {

    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    private RestartBackoff backoff() {
        return new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 5, Duration.ofMinutes(10));
    }

    @Test
    void delaysDoubleFromTheBaseUpToTheMaximum() {
        RestartBackoff b = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 100, Duration.ofHours(1));
        long[] expected = { 1000, 2000, 4000, 5000, 5000 };
        for (int i = 0; i < expected.length; i++) {
            RestartBackoff.Decision d = b.crashed(t0.plusSeconds(i));
            assertThat(d).isInstanceOf(RestartBackoff.Restart.class);
            assertThat(((RestartBackoff.Restart) d).delay().toMillis()).isEqualTo(expected[i]);
            assertThat(d.crashesInWindow()).isEqualTo(i + 1);
        }
    }

    @Test
    void theCrashLimitWithinTheWindowGivesUp() {
        RestartBackoff b = backoff();
        for (int i = 0; i < 4; i++) {
            assertThat(b.crashed(t0.plusSeconds(i * 10))).isInstanceOf(RestartBackoff.Restart.class);
        }
        RestartBackoff.Decision fifth = b.crashed(t0.plusSeconds(50));
        assertThat(fifth).isEqualTo(new RestartBackoff.GiveUp(5));
    }

    @Test
    void crashesOlderThanTheWindowAreForgotten() {
        RestartBackoff b = backoff();
        for (int i = 0; i < 4; i++) {
            b.crashed(t0.plusSeconds(i));
        }
        // Eleven minutes later the four old crashes are out of the window: this is the first again.
        RestartBackoff.Decision d = b.crashed(t0.plus(Duration.ofMinutes(11)));
        assertThat(d).isEqualTo(new RestartBackoff.Restart(1, Duration.ofSeconds(1)));
    }

    @Test
    void anOwnersStartBeginsWithACleanHistory() {
        RestartBackoff b = backoff();
        for (int i = 0; i < 4; i++) {
            b.crashed(t0.plusSeconds(i));
        }
        b.reset();
        assertThat(b.crashed(t0.plusSeconds(5))).isEqualTo(new RestartBackoff.Restart(1, Duration.ofSeconds(1)));
    }

    @Test
    void aLongHistoryNeverOverflowsTheDelay() {
        RestartBackoff b = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Integer.MAX_VALUE,
                Duration.ofDays(1));
        RestartBackoff.Decision d = null;
        for (int i = 0; i < 200; i++) {
            d = b.crashed(t0.plusSeconds(i));
        }
        assertThat(((RestartBackoff.Restart) d).delay()).isEqualTo(Duration.ofSeconds(60));
    }
}
