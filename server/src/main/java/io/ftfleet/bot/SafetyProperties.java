package io.ftfleet.bot;

import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param liveRequires what a strategy version must have been through before a bot may trade live money with it:
 *                     {@code backtest} (a completed backtest of that version), {@code backtest+bias} (and a completed
 *                     lookahead analysis that found no bias) or {@code none}
 */
@ConfigurationProperties("ftfleet.safety")
record SafetyProperties(@DefaultValue("backtest") String liveRequires) {

    enum LiveRequirement {
        NONE, BACKTEST, BACKTEST_AND_BIAS
    }

    SafetyProperties {
        requirement(liveRequires); // a typo must stop the server, not silently open the gate
    }

    LiveRequirement requirement() {
        return requirement(liveRequires);
    }

    private static LiveRequirement requirement(String value) {
        return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> LiveRequirement.NONE;
            case "backtest" -> LiveRequirement.BACKTEST;
            case "backtest+bias" -> LiveRequirement.BACKTEST_AND_BIAS;
            default -> throw new IllegalArgumentException("ftfleet.safety.live-requires must be backtest, "
                    + "backtest+bias or none, not '" + value + "'");
        };
    }
}
