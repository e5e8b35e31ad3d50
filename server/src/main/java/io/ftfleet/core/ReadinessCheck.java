package io.ftfleet.core;

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
    }
}
