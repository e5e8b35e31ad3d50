package io.ftfleet.runtime;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What the supervisor does when a bot's process exits on its own; in the API the values below. */
public enum RestartPolicy {
    ALWAYS("always"), ON_FAILURE("on-failure"), NEVER("never");

    private final String value;

    RestartPolicy(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** From a request: an unknown value is the caller's mistake, refused (unlike {@link #of}, for stored rows). */
    @JsonCreator
    public static RestartPolicy parse(String value) {
        for (RestartPolicy p : values()) {
            if (p.value.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown restart policy: " + value);
    }

    /** Unknown values read as {@code never}: a supervisor must not restart what it does not understand. */
    public static RestartPolicy of(String value) {
        for (RestartPolicy p : values()) {
            if (p.value.equals(value)) {
                return p;
            }
        }
        return NEVER;
    }

    boolean restarts(Integer exitCode) {
        return switch (this) {
            case ALWAYS -> true;
            case ON_FAILURE -> exitCode == null || exitCode != 0;
            case NEVER -> false;
        };
    }
}
