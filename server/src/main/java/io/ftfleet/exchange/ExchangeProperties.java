package io.ftfleet.exchange;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param cacheTtl       how long the exchange list is reused (it changes with Freqtrade releases only)
 * @param pairsCacheTtl  how long one exchange's market list is reused (loading it asks the exchange)
 * @param commandTimeout how long one {@code freqtrade list-...} run may take before it is killed (504)
 */
@ConfigurationProperties("ftfleet.exchanges")
record ExchangeProperties(@DefaultValue("1h") Duration cacheTtl, @DefaultValue("1h") Duration pairsCacheTtl,
        @DefaultValue("60s") Duration commandTimeout) {
}
