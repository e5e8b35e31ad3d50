package io.ftfleet.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * What each bot last reported besides its closed trades, as the ledger sync left it: its balance (rates between its
 * stake currency and the coins it holds) and the current rates of its open trades' pairs. In memory only.
 */
@Component
class LiveFigures {

    /** A rate one bot measured: {@code pair} (e.g. {@code BTC/USDT}) traded at {@code rate} at {@code at}. */
    record PairRate(String pair, double rate, Instant at) {
    }

    /**
     * @param balanceTotal    the bot's {@code /balance} {@code total}, in its stake currency
     * @param startingBalance {@code starting_capital}
     * @param fiatSymbol      {@code symbol}: the fiat currency {@code fiatValue} is in, or empty
     * @param coinRates       coin -> value of one coin in the stake currency ({@code est_stake / balance})
     * @param openRates       current rates of the bot's open trades' pairs
     */
    record Figures(long botId, String stakeCurrency, boolean dryRun, double balanceTotal, double startingBalance,
            String fiatSymbol, double fiatValue, Map<String, Double> coinRates, List<PairRate> openRates, Instant at) {
    }

    private final Map<Long, Figures> figures = new ConcurrentHashMap<>();

    void put(Figures f) {
        figures.put(f.botId(), f);
    }

    Optional<Figures> get(long botId) {
        return Optional.ofNullable(figures.get(botId));
    }

    List<Figures> all() {
        return List.copyOf(figures.values());
    }

    void retainOnly(java.util.Set<Long> botIds) {
        figures.keySet().retainAll(botIds);
    }
}
