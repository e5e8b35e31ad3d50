package io.ftfleet.analytics;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Rates into the reporting currency, only where one is known: measured by a bot (the value of a coin it holds in
 * its stake currency, from its own {@code /balance}; or its balance's fiat value when the fiat is the reporting
 * currency), else the fixed rate from the settings. Never guessed. The source does not name the bot: it may be
 * another user's, whose existence is not theirs to learn.
 */
@Component
class Rates {

    /** One unit of {@code currency} is worth {@code rate} units of the reporting currency. */
    record Rate(String currency, double rate, String source, Instant at) {
    }

    private final AnalyticsProperties properties;
    private final LiveFigures live;
    private final Instant settingsLoaded = Instant.now();

    Rates(AnalyticsProperties properties, LiveFigures live) {
        this.properties = properties;
        this.live = live;
    }

    String defaultReportingCurrency() {
        return properties.reportingCurrency();
    }

    /** Every known rate into {@code reporting}, the newest measurement per currency. */
    Map<String, Rate> into(String reporting) {
        String target = reporting.toUpperCase(Locale.ROOT);
        Map<String, Rate> measured = new HashMap<>();
        for (LiveFigures.Figures f : live.all()) {
            if (f.stakeCurrency().equalsIgnoreCase(target)) {
                f.coinRates().forEach((coin, rate) -> keepNewest(measured,
                        new Rate(coin, rate, "a bot's balance", f.at())));
            }
            if (f.fiatSymbol().equalsIgnoreCase(target) && f.balanceTotal() > 0 && f.fiatValue() > 0) {
                keepNewest(measured, new Rate(f.stakeCurrency(), f.fiatValue() / f.balanceTotal(),
                        "a bot's balance value", f.at()));
            }
        }
        Map<String, Rate> out = new HashMap<>();
        if (target.equals(properties.reportingCurrency())) {
            properties.rates().forEach((currency, rate) -> out.put(currency,
                    new Rate(currency, rate.doubleValue(), "settings", settingsLoaded)));
        }
        out.putAll(measured);
        out.put(target, new Rate(target, 1.0, "same currency", Instant.now()));
        return out;
    }

    Optional<Rate> rate(Map<String, Rate> rates, String currency) {
        return Optional.ofNullable(rates.get(currency.toUpperCase(Locale.ROOT)));
    }

    private static void keepNewest(Map<String, Rate> rates, Rate candidate) {
        rates.merge(candidate.currency(), candidate, (a, b) -> b.at().isAfter(a.at()) ? b : a);
    }
}
