package io.ftfleet.analytics;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.ftfleet.freqtrade.FreqtradeClient;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Analytics and monitoring settings.
 *
 * @param reportingCurrency  currency of converted totals ({@code FTFLEET_ANALYTICS_REPORTING_CURRENCY})
 * @param rates              fixed rates into the reporting currency, e.g. {@code ftfleet.analytics.rates.BTC=65000};
 *                           used when no bot reports a rate for that currency
 * @param syncInterval       pause between ledger sync cycles
 * @param syncConcurrency    bots synced at once
 * @param pageSize           closed trades asked per {@code /trades} call, 1..500 (Freqtrade's page size)
 * @param hostSampleInterval how often host CPU, memory, disk and network are sampled
 * @param cacheTtl           how long a computed analytics answer is reused for the same caller scope and parameters
 *                           ({@code 0} turns the cache off)
 */
@ConfigurationProperties("ftfleet.analytics")
public record AnalyticsProperties(@DefaultValue("USDT") String reportingCurrency, Map<String, BigDecimal> rates,
        @DefaultValue("10s") Duration syncInterval, @DefaultValue("4") int syncConcurrency,
        @DefaultValue("500") int pageSize, @DefaultValue("5s") Duration hostSampleInterval, @DefaultValue("2s") Duration cacheTtl) {

    public AnalyticsProperties {
        if (reportingCurrency == null || !reportingCurrency.matches("[A-Za-z0-9]{2,16}")) {
            throw new IllegalArgumentException("reportingCurrency must be a currency code");
        }
        reportingCurrency = reportingCurrency.toUpperCase(Locale.ROOT);
        Map<String, BigDecimal> upper = new TreeMap<>();
        if (rates != null) {
            rates.forEach((currency, rate) -> {
                if (rate == null || rate.signum() <= 0) {
                    throw new IllegalArgumentException("rate of " + currency + " must be positive");
                }
                upper.put(currency.toUpperCase(Locale.ROOT), rate);
            });
        }
        rates = Map.copyOf(upper);
        if (cacheTtl == null || cacheTtl.isNegative()) {
            throw new IllegalArgumentException("cacheTtl must not be negative");
        }
        if (syncConcurrency < 1 || pageSize < 1) {
            throw new IllegalArgumentException("syncConcurrency and pageSize must be at least 1");
        }
        if (pageSize > FreqtradeClient.MAX_TRADES_PAGE) {
            throw new IllegalArgumentException("pageSize must be at most " + FreqtradeClient.MAX_TRADES_PAGE);
        }
        if (syncInterval == null || syncInterval.isNegative() || syncInterval.isZero() || hostSampleInterval == null
                || hostSampleInterval.isNegative() || hostSampleInterval.isZero()) {
            throw new IllegalArgumentException("intervals must be positive durations");
        }
    }
}
