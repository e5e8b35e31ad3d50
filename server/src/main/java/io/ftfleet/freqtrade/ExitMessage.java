package io.ftfleet.freqtrade;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An {@code exit}, {@code exit_fill} or {@code exit_cancel} websocket message (contract 2.3).
 *
 * @param gain             {@code profit} or {@code loss}
 * @param finalProfitRatio set once the trade is closed
 * @param reason           only on {@code exit_cancel}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExitMessage(String type, int tradeId, String pair, String exchange, Double leverage, String direction,
        String gain, Double orderRate, String orderType, Double amount, Double openRate, Double closeRate,
        Double currentRate, Double profitAmount, Double profitRatio, String enterTag, String exitReason,
        String openDate, String closeDate, Double stakeAmount, String stakeCurrency, String baseCurrency,
        String quoteCurrency, String fiatCurrency, Boolean subTrade, Double cumulativeProfit,
        Double finalProfitRatio, Boolean isFinalExit, String reason) {
}
