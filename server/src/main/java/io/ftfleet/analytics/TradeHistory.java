package io.ftfleet.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The closed trades the ledger holds for one bot, for other modules (e.g. comparing a bot with a backtest of its
 * strategy). System-level: callers check that their caller may see the bot. Only what the ledger sync has copied is
 * here (it runs every {@code ftfleet.analytics.sync-interval}).
 */
public interface TradeHistory {

    /** One closed trade; amounts in the bot's stake currency. */
    record Trade(int tradeId, String pair, String stakeCurrency, double stakeAmount, double profitAbs,
            double profitRatio, Instant openAt, Instant closeAt) {
    }

    /** When the bot traded: the open time of its first closed trade and the close time of its last. */
    record Span(Instant firstOpen, Instant lastClose) {
    }

    /** Empty when the ledger holds no closed trade of the bot. */
    Optional<Span> span(long botId);

    /** How many closed trades of the bot opened in {@code [from, until)}. */
    int count(long botId, Instant from, Instant until);

    /** The closed trades of the bot that opened in {@code [from, until)}, oldest open first, at most {@code limit}. */
    List<Trade> closedTrades(long botId, Instant from, Instant until, int limit);
}
