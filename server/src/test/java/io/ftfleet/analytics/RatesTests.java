package io.ftfleet.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Which rates into the reporting currency are known, and where each comes from. */
class RatesTests {

    static AnalyticsProperties settings(Map<String, BigDecimal> rates) {
        return new AnalyticsProperties("usdt", rates, Duration.ofSeconds(10), 4, 500, Duration.ofSeconds(5),
                Duration.ofSeconds(2));
    }

    static LiveFigures.Figures figures(long bot, String stake, Map<String, Double> coins, String fiat, double total,
            double fiatValue, Instant at) {
        return new LiveFigures.Figures(bot, stake, true, total, 1000, fiat, fiatValue, coins, List.of(), at);
    }

    @Test
    void aRateABotMeasuredWinsOverTheSettingsAndTheNewestMeasurementWins() {
        LiveFigures live = new LiveFigures();
        Instant t = Instant.parse("2026-11-24T10:00:00Z");
        live.put(figures(1, "USDT", Map.of("BTC", 60000.0, "ETH", 2500.0), "", 0, 0, t));
        live.put(figures(2, "USDT", Map.of("BTC", 61000.0), "", 0, 0, t.plusSeconds(5)));
        Rates rates = new Rates(settings(Map.of("btc", new BigDecimal("65000"), "EUR", new BigDecimal("1.05"))), live);
        Map<String, Rates.Rate> known = rates.into("USDT");
        assertThat(known.get("BTC")).isEqualTo(new Rates.Rate("BTC", 61000.0, "a bot's balance", t.plusSeconds(5)));
        assertThat(known.get("ETH").rate()).isEqualTo(2500.0);
        assertThat(known.get("EUR").source()).isEqualTo("settings");
        assertThat(known.get("EUR").rate()).isEqualTo(1.05);
        assertThat(known.get("USDT").rate()).isEqualTo(1.0);
        assertThat(known).doesNotContainKey("SOL");
    }

    @Test
    void settingsRatesOnlyApplyToTheConfiguredReportingCurrency() {
        LiveFigures live = new LiveFigures();
        Instant t = Instant.parse("2026-11-24T10:00:00Z");
        // a BTC bot whose balance is also shown in EUR: 2 BTC worth 110000 EUR
        live.put(figures(3, "BTC", Map.of(), "EUR", 2, 110000, t));
        Rates rates = new Rates(settings(Map.of("BTC", new BigDecimal("65000"))), live);
        Map<String, Rates.Rate> eur = rates.into("eur");
        assertThat(eur.get("BTC")).isEqualTo(new Rates.Rate("BTC", 55000.0, "a bot's balance value", t));
        assertThat(eur).containsOnlyKeys("BTC", "EUR");
        assertThat(rates.into("JPY")).containsOnlyKeys("JPY");
    }
}
