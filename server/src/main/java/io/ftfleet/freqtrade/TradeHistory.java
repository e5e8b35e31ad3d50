package io.ftfleet.freqtrade;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code GET /trades}: closed trades only, oldest first when a limit is given.
 *
 * @param tradesCount trades on this page
 * @param totalTrades all closed trades of the bot
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TradeHistory(List<Trade> trades, int tradesCount, int offset, int totalTrades) {

    public TradeHistory {
        trades = trades == null ? List.of() : List.copyOf(trades);
    }
}
