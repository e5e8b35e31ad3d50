package io.ftfleet.event;

import java.time.Instant;

/**
 * A bot closed a trade (its own final {@code exit_fill}; a partial exit is not a closed trade). Published once per
 * message as a Spring application event for other modules (alerts). {@code profitAmount} is in
 * {@code stakeCurrency}.
 *
 * @param at when the server received it
 */
public record TradeClosed(long botId, long tradeId, String pair, String direction, Double amount,
        Double stakeAmount, String stakeCurrency, Double openRate, Double closeRate, Double profitAmount,
        Double profitRatio, String exitReason, String openDate, String closeDate, Instant at) {
}
