package io.ftfleet.runtime;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a bot itself last reported, or what the runtime saw of its process; never assumed from a command sent. The
 * bot module stores it (by name) and shows it in its API, the event stream and the audit trail as the lower-case
 * name ({@code observed_state}).
 */
public enum ObservedState {
    STOPPED, STARTING, RUNNING, PAUSED, STOPPING, START_FAILED, CRASHED, UNREACHABLE,
    /** Its settings could not be read (e.g. a bad row at recovery): not supervised; the reason says why. */
    UNSUPERVISED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The process is up (or coming up, or going down): its PID and port are worth recording. */
    public boolean alive() {
        return this == RUNNING || this == PAUSED || this == STARTING || this == STOPPING;
    }

    /** A failure someone should hear of (the audit trail records it as failed). */
    public boolean failure() {
        return this == START_FAILED || this == CRASHED;
    }

    /** The original API's five statuses, for clients that only know those. */
    public String legacyStatus() {
        return switch (this) {
            case STOPPED -> "stopped";
            case STARTING -> "starting";
            case RUNNING, PAUSED -> "running";
            case STOPPING -> "stopping";
            case START_FAILED, CRASHED, UNREACHABLE, UNSUPERVISED -> "error";
        };
    }

    /**
     * Freqtrade's own {@code show_config.state} as an observation: {@code running}, {@code paused} (2025.4+),
     * {@code stopped}; {@code reload_config} is the bot rebuilding itself, so starting again (contract 1.7). Anything
     * else ({@code ""} in webserver mode, a state of a later release) is empty: not a state this server can act on.
     */
    static Optional<ObservedState> ofFreqtrade(String state) {
        return Optional.ofNullable(switch (state == null ? "" : state) {
            case "running" -> RUNNING;
            case "paused" -> PAUSED;
            case "stopped" -> STOPPED;
            case "reload_config" -> STARTING;
            default -> null;
        });
    }
}
