package io.ftfleet.freqtrade;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One order of a trade: {@code OrderSchema} in {@code /status}, the longer {@code Order.to_json()} in {@code /trades}
 * (which adds {@code ft_is_entry}, {@code price}, {@code average}, dates).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TradeOrder(String pair, String orderId, String status, Double remaining, double amount,
        Double safePrice, Double cost, Double filled, String ftOrderSide, String orderType, boolean isOpen,
        Long orderTimestamp, Long orderFilledTimestamp, Double ftFeeBase, String ftOrderTag, Boolean ftIsEntry,
        Double price, Double average) {
}
