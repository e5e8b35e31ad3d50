package io.ftfleet.freqtrade;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code GET /balance}. In dry-run the wallet is simulated from {@code dry_run_wallet} and {@code note} says
 * "Simulated balances". {@code symbol} is the fiat display currency or {@code ""}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Balances(List<Currency> currencies, double total, double totalBot, String symbol, double value,
        double valueBot, String stake, String note, double startingCapital, double startingCapitalRatio,
        double startingCapitalPct, double startingCapitalFiat, double startingCapitalFiatRatio,
        double startingCapitalFiatPct) {

    public Balances {
        currencies = currencies == null ? List.of() : List.copyOf(currencies);
    }

    /** One coin (or, in futures, one position when {@code isPosition}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Currency(String currency, double free, double balance, double used, Double botOwned,
            double estStake, Double estStakeBot, String stake, String side, boolean isPosition, double position,
            boolean isBotManaged) {
    }
}
