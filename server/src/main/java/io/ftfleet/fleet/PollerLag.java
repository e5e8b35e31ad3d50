package io.ftfleet.fleet;

import java.time.Duration;
import java.time.Instant;

/**
 * The fleet poller fell behind ({@code lagging}: no poll cycle completed for {@code lag}, more than its limit), or
 * caught up again ({@code !lagging}). Published once per change, so listeners (alerts) need no de-duplication.
 *
 * @param lastCycleCompleted when the last cycle completed; null when none has since the server started
 * @param limit              the lag after which the poller counts as lagging
 */
public record PollerLag(boolean lagging, Duration lag, Duration limit, Duration pollInterval,
        Instant lastCycleCompleted) {
}
