package io.ftfleet.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Crash loops counted from the times of crashes (the caller's clock), per bot, in a sliding window. */
class CrashLoopsTests {

    static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");

    @Test
    void threeCrashesWithinTheWindowAreOneLoopAndTheCountStartsAgain() {
        CrashLoops loops = new CrashLoops(3, Duration.ofMinutes(10));
        assertThat(loops.crashed(1, T0)).isZero();
        assertThat(loops.crashed(2, T0)).isZero(); // another bot counts apart
        assertThat(loops.crashed(1, T0.plusSeconds(60))).isZero();
        assertThat(loops.crashed(1, T0.plusSeconds(120))).isEqualTo(3);
        assertThat(loops.crashed(1, T0.plusSeconds(180))).isZero();
        assertThat(loops.crashed(1, T0.plusSeconds(240))).isZero();
        assertThat(loops.crashed(1, T0.plusSeconds(300))).isEqualTo(3);
    }

    @Test
    void crashesFartherApartThanTheWindowAreNoLoop() {
        CrashLoops loops = new CrashLoops(3, Duration.ofMinutes(10));
        for (int i = 0; i < 10; i++) {
            assertThat(loops.crashed(1, T0.plus(Duration.ofMinutes(6L * i)))).isZero();
        }
    }
}
