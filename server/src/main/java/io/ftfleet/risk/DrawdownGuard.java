package io.ftfleet.risk;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One drawdown limit as stored and shown.
 *
 * @param scopeTag       {@code null}: the whole fleet; else only the bots carrying this tag
 * @param dryRun         which bots it watches: dry-run ones or live ones (never both)
 * @param maxDrawdownPct trips when equity falls this many percent below its high within the window
 * @param windowMinutes  how far back the high is taken
 * @param forceExit      also force-exit the open trades of the affected bots when it trips
 * @param trippedAt      when it fired; {@code null} while armed (an admin's re-arm clears it)
 * @param allowedExternalBotIds external bots an admin trusts to count in this guard although it covers other
 *                       users' bots
 */
record DrawdownGuard(long id, String name, String scopeTag, boolean dryRun, double maxDrawdownPct, int windowMinutes,
        boolean forceExit, boolean enabled, Instant trippedAt, String trippedReason, Instant createdAt,
        Set<Long> allowedExternalBotIds) {

    DrawdownGuard {
        allowedExternalBotIds = allowedExternalBotIds == null ? Set.of() : Set.copyOf(allowedExternalBotIds);
    }

    boolean covers(FleetEquity.BotEquity bot) {
        return bot.dryRun() == dryRun && (scopeTag == null || (bot.tags() != null && bot.tags().contains(scopeTag)));
    }

    /**
     * The covered bots whose balances count. An external bot reports whatever balance its API answers, so it counts
     * only where it cannot stop anyone else's bots (every covered bot has its owner) or where an admin allowed it.
     */
    List<FleetEquity.BotEquity> counted(List<FleetEquity.BotEquity> bots) {
        List<FleetEquity.BotEquity> covered = bots.stream().filter(this::covers).toList();
        return covered.stream().filter(b -> !b.external() || allowedExternalBotIds.contains(b.botId())
                || covered.stream().allMatch(other -> other.ownerId() == b.ownerId())).toList();
    }
}
