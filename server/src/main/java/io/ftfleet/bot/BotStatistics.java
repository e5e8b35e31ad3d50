package io.ftfleet.bot;

import java.util.Optional;

/**
 * The trade figures of a bot as last measured from the bot itself. Implemented by the fleet module (which polls the
 * bots); the bot module shows them in the original's {@code total_trades}, {@code profitable_trades},
 * {@code total_profit} and {@code max_drawdown} fields.
 */
public interface BotStatistics {

    /**
     * @param closedTrades     closed trades
     * @param winningTrades    closed trades with a profit
     * @param closedProfitAbs  closed profit in the stake currency
     * @param maxDrawdownRatio the bot's max drawdown as a fraction
     */
    record Figures(int closedTrades, int winningTrades, double closedProfitAbs, double maxDrawdownRatio) {
    }

    /** Empty while the bot has not been measured (never run, or not polled yet). */
    Optional<Figures> figures(long botId);
}
