package io.ftfleet.analytics;

import java.time.Duration;
import java.time.Instant;

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
        try {
            Instant last = sync.lastCycle().orElse(null);
            if (last == null) {
                return Result.up("no ledger sync completed yet");
            }
            Duration lag = Duration.between(last, Instant.now());
            Duration limit = properties.syncInterval().multipliedBy(3);
            String detail = "last sync " + lag.toMillis() + " ms ago (limit " + limit.toMillis() + " ms)";
            return lag.compareTo(limit) > 0 ? Result.down(detail) : Result.up(detail);
        } catch (RuntimeException e) {
            return Result.down(e.getClass().getSimpleName());
        }
    }
}
