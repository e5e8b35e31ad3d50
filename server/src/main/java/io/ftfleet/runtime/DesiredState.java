package io.ftfleet.runtime;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What the owner wants a bot to be doing; a deleted bot has no desired state at all. The bot module stores it
 * (by name) and shows it in its API ({@code desired_state}: the lower-case name).
 */
public enum DesiredState {
    RUNNING, PAUSED, STOPPED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
