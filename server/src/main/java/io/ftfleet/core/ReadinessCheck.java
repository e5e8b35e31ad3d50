package io.ftfleet.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One component of {@code /health} readiness. Modules contribute beans of this type (database, runtime, poller,
 * job queue); a failing {@link #required() required} check turns the whole server unhealthy (503).
 */
public interface ReadinessCheck {

    String name();

    default boolean required() {
        return true;
    }

    /** Must be quick and never throw; report problems in the result. */
    Result check();

    record Result(boolean up, String detail) {
        public static Result up(String detail) {
            return new Result(true, detail);
        }

        public static Result down(String detail) {
            return new Result(false, detail);
        }

        /**
         * For a periodic background task: down once its last completed run ({@code what}, e.g. "cycle") is older
         * than three intervals, so one slow run is tolerated but a stalled task is not.
         */
        public static Result freshness(String what, Optional<Instant> lastCompleted, Duration interval) {
            if (lastCompleted.isEmpty()) {
                return up("no " + what + " completed yet");
            }
            Duration lag = Duration.between(lastCompleted.get(), Instant.now());
            Duration limit = interval.multipliedBy(3);
            String detail = "last " + what + " " + lag.toMillis() + " ms ago (limit " + limit.toMillis() + " ms)";
            return lag.compareTo(limit) > 0 ? down(detail) : up(detail);
        }
    }
}
