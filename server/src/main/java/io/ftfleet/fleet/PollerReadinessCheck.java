package io.ftfleet.fleet;


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
        // reads two fields: nothing here can throw
        return Result.freshness("poll cycle", poller.lastCycleCompleted(), poller.pollInterval());
    }
}
