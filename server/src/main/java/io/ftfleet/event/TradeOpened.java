package io.ftfleet.event;

import java.time.Instant;

/**
 * A bot entered a trade (its own {@code entry_fill} message; a later fill of the same trade, {@code sub_trade}, is
 * not a new trade). Published once per message as a Spring application event for other modules (alerts). Trade ids
 * are the bot's own, so {@code (botId, tradeId, openDate)} names a trade.
 *
 * @param at when the server received it
 */
public record TradeOpened(long botId, long tradeId, String pair, String direction, Double amount,
        Double stakeAmount, String stakeCurrency, Double openRate, String enterTag, String openDate, Instant at) {
}
