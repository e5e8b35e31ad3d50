package io.ftfleet.freqtrade;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code GET /count}. The bot refuses it (502 "trader is not running") whenever it is not running.
 *
 * @param max        {@code max_open_trades}, {@code -1} when unlimited
 * @param totalStake sum of {@code open_rate * amount} over open trades
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TradeCount(int current, int max, double totalStake) {
}
