package io.ftfleet.analytics;


import io.ftfleet.core.ReadinessCheck;

import org.springframework.stereotype.Component;

/**
 * {@code ledger}: down when the last ledger sync cycle is older than three sync intervals (after the first). Not
 * required: stale analytics must not take the whole server out of rotation.
 */
@Component
class LedgerReadinessCheck implements ReadinessCheck {

    private final LedgerSync sync;
    private final AnalyticsProperties properties;

    LedgerReadinessCheck(LedgerSync sync, AnalyticsProperties properties) {
        this.sync = sync;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "ledger";
    }

    @Override
    public boolean required() {
        return false;
    }

    @Override
    public Result check() {
        // reads two fields: nothing here can throw
        return Result.freshness("ledger sync", sync.lastCycle(), properties.syncInterval());
    }
}
