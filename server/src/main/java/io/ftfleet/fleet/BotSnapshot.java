package io.ftfleet.fleet;

import java.time.Instant;

/**
 * What the poller last learned about one bot. Immutable; a new one replaces the old after every poll.
 * Numbers from the bot are {@code null} until the bot has answered once; after that an {@code OFFLINE} snapshot
 * keeps the last known values with {@code lastError} saying why the latest poll failed.
 *
 * @param status              {@code INITIALIZING} (never polled), {@code ONLINE} or {@code OFFLINE}
 * @param botState            the bot's own {@code state} from {@code /show_config} ({@code running}, {@code stopped}...),
 *                            {@code paused} whenever its entries are stopped (either Freqtrade generation)
 * @param closedTrades        closed trades, from the bot's {@code /profit}
 * @param winningTrades       closed trades with a profit
 * @param maxDrawdownRatio    the bot's max drawdown as a fraction
 * @param heartbeatAgeSeconds seconds since the bot's last finished trading loop ({@code /health} {@code last_process})
 * @param lastError           why the latest poll failed; never credentials
 * @param lastSeen            when the bot last answered a full poll
 * @param polledAt            when this snapshot was taken
 */
public record BotSnapshot(long botId, String name, long ownerId, String exchange, Status status, String botState,
        Integer openTrades, Double profitClosedAbs, Double profitAllRatio, Integer closedTrades, Integer winningTrades,
        Double maxDrawdownRatio, Double balanceTotal, String stakeCurrency,
        boolean dryRun, Long heartbeatAgeSeconds, String lastError, Instant lastSeen, Instant polledAt) {

    public enum Status {
        INITIALIZING, ONLINE, OFFLINE
    }

    public boolean online() {
        return status == Status.ONLINE;
    }
}
