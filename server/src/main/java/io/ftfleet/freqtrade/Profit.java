package io.ftfleet.freqtrade;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code GET /profit}. {@code *_ratio} are fractions, {@code *_percent} percentages; {@code profit_*_ratio} (no
 * mean/sum) is relative to the starting balance. Date strings are {@code ""} when there is no trade yet.
 * {@code profit_factor} is {@code null} when there is no losing trade.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Profit(double profitClosedCoin, double profitClosedPercentMean, double profitClosedRatioMean,
        double profitClosedPercentSum, double profitClosedRatioSum, double profitClosedPercent,
        double profitClosedRatio, double profitClosedFiat, double profitAllCoin, double profitAllPercentMean,
        double profitAllRatioMean, double profitAllPercentSum, double profitAllRatioSum, double profitAllPercent,
        double profitAllRatio, double profitAllFiat, int tradeCount, int closedTradeCount, String firstTradeDate,
        String firstTradeHumanized, long firstTradeTimestamp, String latestTradeDate, String latestTradeHumanized,
        long latestTradeTimestamp, String avgDuration, String bestPair, double bestRate, double bestPairProfitRatio,
        int winningTrades, int losingTrades, Double profitFactor, double winrate, double expectancy,
        double expectancyRatio, double maxDrawdown, double maxDrawdownAbs, String maxDrawdownStart,
        long maxDrawdownStartTimestamp, String maxDrawdownEnd, long maxDrawdownEndTimestamp, Double tradingVolume,
        long botStartTimestamp, String botStartDate) {
}
