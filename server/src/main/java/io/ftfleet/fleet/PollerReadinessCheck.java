package io.ftfleet.fleet;

import java.time.Duration;
import java.time.Instant;

import io.ftfleet.core.ReadinessCheck;

import org.springframework.stereotype.Component;

/**
 * {@code poller}: down when the last completed poll cycle is older than three poll intervals (after the first
 * cycle), with the lag in the detail. Not {@link #required() required}: a lagging poller means stale snapshots and
 * metrics, but the server can still serve its API and control bots, so it must not turn the whole server unhealthy
 * (and be restarted by an orchestrator) because, say, many dead bots make a cycle slow.
 */
@Component
class PollerReadinessCheck implements ReadinessCheck {

    private final FleetPoller poller;

    PollerReadinessCheck(FleetPoller poller) {
        this.poller = poller;
    }

    @Override
    public String name() {
        return "poller";
    }

    @Override
    public boolean required() {
        return false;
    }

    @Override
    public Result check() {
        try {
            Instant last = poller.lastCycleCompleted().orElse(null);
            if (last == null) {
                return Result.up("no poll cycle completed yet");
            }
            Duration lag = Duration.between(last, Instant.now());
            Duration limit = poller.pollInterval().multipliedBy(3);
            String detail = "last cycle " + lag.toMillis() + " ms ago (limit " + limit.toMillis() + " ms)";
            return lag.compareTo(limit) > 0 ? Result.down(detail) : Result.up(detail);
        } catch (RuntimeException e) {
            return Result.down(e.getClass().getSimpleName());
        }
    }
}
