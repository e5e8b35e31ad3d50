package io.ftfleet.freqtrade;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An {@code entry}, {@code entry_fill} or {@code entry_cancel} websocket message (contract 2.3). Dates are RFC-3339
 * with offset ({@code 2024-10-24T09:20:02.101010+00:00}); {@code exchange} is capitalised ({@code Binance}).
 *
 * @param direction {@code Long} or {@code Short}
 * @param reason    only on {@code entry_cancel}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EntryMessage(String type, int tradeId, String pair, String enterTag, String exchange, Double leverage,
        String direction, Double openRate, String orderType, Double stakeAmount, String stakeCurrency,
        String baseCurrency, String quoteCurrency, String fiatCurrency, Double amount, String openDate,
        Double currentRate, Boolean subTrade, String reason) {
}
