package io.ftfleet.freqtrade;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One row of {@code GET /performance}, over closed trades. {@code profit} is the deprecated copy of {@code profit_pct}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PairPerformance(String pair, double profit, double profitRatio, double profitPct, double profitAbs,
        int count) {
}
