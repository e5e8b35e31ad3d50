package io.ftfleet.fleet;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What {@code /metrics} shows of the fleet.
 *
 * @param perBot {@code FTFLEET_METRICS_PER_BOT}: per-bot series ({@code ftfleet_bot_*}, labelled with each bot's
 *               name and exchange); false keeps only the fleet totals, e.g. when the metrics go to a system that
 *               should not learn bot names or per-bot balances
 */
@ConfigurationProperties("ftfleet.metrics")
record FleetMetricsProperties(@DefaultValue("true") boolean perBot) {
}
