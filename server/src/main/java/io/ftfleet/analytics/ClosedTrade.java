package io.ftfleet.analytics;

import java.time.Instant;

/** One closed trade of one bot as kept in the ledger; amounts in {@code stakeCurrency}. */
record ClosedTrade(long botId, int tradeId, String pair, String stakeCurrency, boolean dryRun, double stakeAmount,
        double profitAbs, double profitRatio, Instant openAt, Instant closeAt) {

    /** The group amounts may be added within: same stake currency, same mode. */
    Group group() {
        return new Group(stakeCurrency, dryRun);
    }

    record Group(String stakeCurrency, boolean dryRun) {
        String mode() {
            return dryRun ? "dry_run" : "live";
        }
    }
}
