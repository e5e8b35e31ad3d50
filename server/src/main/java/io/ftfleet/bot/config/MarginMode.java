package io.ftfleet.bot.config;

import java.util.Locale;
import java.util.Optional;

/** Freqtrade {@code margin_mode} values (contract 5.2): {@code cross}, {@code isolated} or {@code ""}. */
public enum MarginMode {
    NONE(""),
    CROSS("cross"),
    ISOLATED("isolated");

    private final String value;

    MarginMode(String value) {
        this.value = value;
    }

    /** The exact string written to the config. */
    public String value() {
        return value;
    }

    public static Optional<MarginMode> fromValue(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (MarginMode m : values()) {
            if (m.value.equals(value.toLowerCase(Locale.ROOT))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
