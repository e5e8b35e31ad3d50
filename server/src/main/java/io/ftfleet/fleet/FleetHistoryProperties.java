package io.ftfleet.fleet;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Snapshot history settings.
 *
 * @param interval        how often every bot's snapshot is written as a raw history row
 *                        ({@code FTFLEET_FLEET_HISTORY_INTERVAL})
 * @param rawRetention    how long raw rows are kept ({@code FTFLEET_FLEET_HISTORY_RAW_RETENTION})
 * @param hourlyRetention how long hourly aggregates are kept ({@code FTFLEET_FLEET_HISTORY_HOURLY_RETENTION})
 * @param maintenance     how often completed hours are downsampled and expired rows deleted
 */
@ConfigurationProperties("ftfleet.fleet.history")
public record FleetHistoryProperties(@DefaultValue("1m") Duration interval, @DefaultValue("7d") Duration rawRetention,
        @DefaultValue("365d") Duration hourlyRetention, @DefaultValue("10m") Duration maintenance) {

    public FleetHistoryProperties {
        for (Duration d : new Duration[] { interval, rawRetention, hourlyRetention, maintenance }) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("ftfleet.fleet.history durations must be positive");
            }
        }
        if (rawRetention.compareTo(Duration.ofHours(2)) < 0) {
            // Raw rows of the current and the last hour must survive until the hour is downsampled.
            throw new IllegalArgumentException("ftfleet.fleet.history.raw-retention must be at least 2h");
        }
    }
}
