package io.ftfleet.fleet;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Fleet poller settings.
 *
 * @param pollInterval    pause between the end of one poll cycle and the start of the next
 *                        ({@code FTFLEET_FLEET_POLL_INTERVAL})
 * @param pollConcurrency how many bots are polled at the same time ({@code FTFLEET_FLEET_POLL_CONCURRENCY})
 */
@ConfigurationProperties("ftfleet.fleet")
public record FleetProperties(@DefaultValue("5s") Duration pollInterval, @DefaultValue("32") int pollConcurrency) {

    public FleetProperties {
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be a positive duration");
        }
        if (pollConcurrency < 1) {
            throw new IllegalArgumentException("pollConcurrency must be at least 1");
        }
    }
}
