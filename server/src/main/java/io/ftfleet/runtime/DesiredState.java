package io.ftfleet.runtime;

import java.util.Locale;

/** What the owner wants a bot to be doing; a deleted bot has no desired state at all. */
public enum DesiredState {
    RUNNING, PAUSED, STOPPED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
