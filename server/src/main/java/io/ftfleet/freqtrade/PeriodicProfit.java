package io.ftfleet.freqtrade;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code GET /daily}, {@code /weekly}, {@code /monthly}: newest period first. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PeriodicProfit(List<Period> data, String fiatDisplayCurrency, String stakeCurrency) {

    public PeriodicProfit {
        data = data == null ? List.of() : List.copyOf(data);
    }

    /** @param date {@code YYYY-MM-DD}, the first day of the period */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Period(String date, double absProfit, double relProfit, double startingBalance, double fiatValue,
            int tradeCount) {
    }
}
