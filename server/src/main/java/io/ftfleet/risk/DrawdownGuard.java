package io.ftfleet.risk;

import java.time.Instant;

/**
 * One drawdown limit as stored and shown.
 *
 * @param scopeTag       {@code null}: the whole fleet; else only the bots carrying this tag
 * @param dryRun         which bots it watches: dry-run ones or live ones (never both)
 * @param maxDrawdownPct trips when equity falls this many percent below its high within the window
 * @param windowMinutes  how far back the high is taken
 * @param forceExit      also force-exit the open trades of the affected bots when it trips
 * @param trippedAt      when it fired; {@code null} while armed (an admin's re-arm clears it)
 */
record DrawdownGuard(long id, String name, String scopeTag, boolean dryRun, double maxDrawdownPct, int windowMinutes,
        boolean forceExit, boolean enabled, Instant trippedAt, String trippedReason, Instant createdAt) {

    boolean covers(FleetEquity.BotEquity bot) {
        return bot.dryRun() == dryRun && (scopeTag == null || (bot.tags() != null && bot.tags().contains(scopeTag)));
    }
}
