package io.ftfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class LoginThrottleTests {

    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    LoginThrottle throttle = new LoginThrottle(new AuthProperties(AuthProperties.Registration.CLOSED, null,
            Duration.ofMinutes(30), Duration.ofDays(30),
            new AuthProperties.Lockout(5, 20, Duration.ofMinutes(15), Duration.ofMinutes(15)),
            new AuthProperties.RateLimit(true, 100, Duration.ofSeconds(60)), new AuthProperties.Cors(List.of())), clock);

    @Test
    void locksUsernameForFifteenMinutesAfterFiveFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", "10.0.0." + i);
        }
        assertThat(throttle.lockedFor("alice", "10.0.0.9")).isEmpty();
        throttle.failed("alice", "10.0.0.5");
        assertThat(throttle.lockedFor("alice", "10.0.0.9")).contains(Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(throttle.lockedFor("alice", "10.0.0.9")).isEmpty();
    }

    @Test
    void failuresOutsideTheWindowDoNotCount() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("bob", "10.0.0.1");
        }
        clock.advance(Duration.ofMinutes(16));
        throttle.failed("bob", "10.0.0.1");
        assertThat(throttle.lockedFor("bob", "10.0.0.1")).isEmpty();
    }

    @Test
    void locksClientIpAfterTwentyFailuresAcrossUsernames() {
        for (int i = 0; i < 19; i++) {
            throttle.failed("user" + i, "192.0.2.7");
        }
        assertThat(throttle.lockedFor("someone-else", "192.0.2.7")).isEmpty();
        throttle.failed("user19", "192.0.2.7");
        assertThat(throttle.lockedFor("someone-else", "192.0.2.7")).isPresent();
        assertThat(throttle.lockedFor("someone-else", "192.0.2.8")).isEmpty();
    }

    @Test
    void successClearsTheUsernameCount() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("carol", "10.0.0.1");
        }
        throttle.succeeded("carol");
        throttle.failed("carol", "10.0.0.1");
        assertThat(throttle.lockedFor("carol", "10.0.0.2")).isEmpty();
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
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
