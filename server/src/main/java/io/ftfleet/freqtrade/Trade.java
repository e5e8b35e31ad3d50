package io.ftfleet.freqtrade;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A trade as the bot reports it: {@code OpenTradeSchema} from {@code /status}, {@code TradeSchema} from
 * {@code /forceenter}, {@code Trade.to_json()} from {@code /trades} (contract 1.6). One type for all three: the
 * fields only one of them has are nullable. Dates are Freqtrade's naive-UTC strings ({@code 2024-10-24 09:03:00});
 * {@code *_timestamp} are epoch milliseconds; {@code timeframe} is in minutes.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Trade(int tradeId, String pair, String baseCurrency, String quoteCurrency, boolean isOpen,
        boolean isShort, String exchange, double amount, Double amountRequested, double stakeAmount,
        Double maxStakeAmount, String strategy, String enterTag, Integer timeframe, Double feeOpen,
        Double feeOpenCost, String feeOpenCurrency, Double feeClose, Double feeCloseCost, String feeCloseCurrency,
        String openDate, long openTimestamp, String openFillDate, Long openFillTimestamp, double openRate,
        Double openRateRequested, Double openTradeValue, String closeDate, Long closeTimestamp, Double closeRate,
        Double closeRateRequested, Double closeProfit, Double closeProfitPct, Double closeProfitAbs,
        Double profitRatio, Double profitPct, Double profitAbs, Double profitFiat, Double realizedProfit,
        Double realizedProfitRatio, String exitReason, String exitOrderStatus, Double stopLossAbs,
        Double stopLossRatio, Double stopLossPct, Double initialStopLossAbs, Double initialStopLossRatio,
        Double initialStopLossPct, Double minRate, Double maxRate, boolean hasOpenOrders, List<TradeOrder> orders,
        Double leverage, Double interestRate, Double liquidationPrice, Double fundingFees, String tradingMode,
        // open trades only (OpenTradeSchema)
        Double stoplossCurrentDist, Double stoplossCurrentDistPct, Double stoplossCurrentDistRatio,
        Double stoplossEntryDist, Double stoplossEntryDistRatio, Double currentRate, Double totalProfitAbs,
        Double totalProfitFiat, Double totalProfitRatio,
        // closed trades from /trades only (Trade.to_json)
        Long tradeDurationS, Long tradeDuration) {

    public Trade {
        orders = orders == null ? List.of() : List.copyOf(orders);
    }
}
