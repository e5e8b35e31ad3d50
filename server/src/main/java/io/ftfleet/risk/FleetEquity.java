package io.ftfleet.risk;

import java.util.List;

/**
 * Where the drawdown guards read equity: the fleet module implements it from its snapshots, so the risk module never
 * calls a bot (and does not depend on the fleet or bot modules, which depend on it).
 */
public interface FleetEquity {

    /**
     * One bot's latest known balance.
     *
     * @param balance total balance in {@code stakeCurrency} (open positions valued at the current price), or
     *                {@code null} until the bot has answered once
     * @param ownerId the bot's owner
     * @param external an external bot (its balance is whatever its API reports, not a process this server runs)
     */
    record BotEquity(long botId, String name, List<String> tags, String stakeCurrency, boolean dryRun,
            Double balance, long ownerId, boolean external) {
    }

    List<BotEquity> current();
}
