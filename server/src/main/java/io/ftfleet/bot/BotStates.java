package io.ftfleet.bot;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Value types of a bot's lifecycle as the bot module records them. What the owner asks for and the restart policy are
 * the runtime's own enums ({@link io.ftfleet.runtime.DesiredState}, {@link io.ftfleet.runtime.RestartPolicy}).
 */
public final class BotStates {

    private BotStates() {
    }

    /** What the bot itself last reported (or what the runtime saw); never assumed from a command sent. */
    public enum Observed {
        STOPPED, STARTING, RUNNING, PAUSED, STOPPING, START_FAILED, CRASHED, UNREACHABLE,
        /** Its settings could not be read (e.g. a bad row at recovery): not supervised; the reason says why. */
        UNSUPERVISED;

        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
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
    }
}
