package io.ftfleet.bot.config;

import java.util.Locale;
import java.util.Optional;

/** Freqtrade {@code trading_mode} values (contract 5.2). */
public enum TradingMode {
    SPOT("spot"),
    MARGIN("margin"),
    FUTURES("futures");

    private final String value;

    TradingMode(String value) {
        this.value = value;
    }

    /** The exact string written to the config. */
    public String value() {
        return value;
    }

    public static Optional<TradingMode> fromValue(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (TradingMode m : values()) {
            if (m.value.equals(value.toLowerCase(Locale.ROOT))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
