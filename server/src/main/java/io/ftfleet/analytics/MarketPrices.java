package io.ftfleet.analytics;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.ftfleet.analytics.AnalyticsAnswers.MarketAnswer;
import io.ftfleet.analytics.AnalyticsAnswers.MarketQuote;
import io.ftfleet.core.ApiException;

import org.springframework.stereotype.Component;

/**
 * N5: a coin's price as the bots themselves last reported it (current rate of an open trade on the coin's pair in the
 * reporting currency), instead of the original's call to CoinGecko over the internet. No bot with such a trade: 404.
 */
@Component
class MarketPrices {

    /** CoinGecko ids the original's clients send, and the ticker they stand for. */
    private static final Map<String, String> COINGECKO_IDS = Map.ofEntries(Map.entry("bitcoin", "BTC"),
            Map.entry("ethereum", "ETH"), Map.entry("solana", "SOL"), Map.entry("binancecoin", "BNB"),
            Map.entry("ripple", "XRP"), Map.entry("cardano", "ADA"), Map.entry("dogecoin", "DOGE"),
            Map.entry("litecoin", "LTC"), Map.entry("polkadot", "DOT"), Map.entry("tron", "TRX"),
            Map.entry("avalanche-2", "AVAX"), Map.entry("chainlink", "LINK"));

    private final PriceHistory prices;
    private final Rates rates;

    MarketPrices(PriceHistory prices, Rates rates) {
        this.prices = prices;
        this.rates = rates;
    }

    MarketAnswer market(String symbolParam) {
        String symbol = symbolParam == null || symbolParam.isBlank() ? "bitcoin" : symbolParam.trim();
        if (!symbol.matches("[A-Za-z0-9-]{1,40}")) {
            throw ApiException.invalidField("symbol", "must be a coin id such as bitcoin, or a ticker such as BTC");
        }
        String coin = COINGECKO_IDS.getOrDefault(symbol.toLowerCase(Locale.ROOT), symbol.toUpperCase(Locale.ROOT));
        String quote = rates.defaultReportingCurrency();
        String pair = coin + "/" + quote;
        Instant now = Instant.now();
        PriceHistory.Sample latest = prices.latest(pair).orElseThrow(() -> ApiException.notFound("price_unknown",
                "No bot has reported a rate for " + pair + " (prices come from the bots' open trades)"));
        Optional<PriceHistory.Sample> dayBefore = prices.dayBefore(pair, now);
        Double change = dayBefore.map(d -> (latest.rate() / d.rate() - 1) * 100).orElse(null);
        String sentiment = change == null ? "neutral" : change > 2 ? "positive" : change < -2 ? "negative" : "neutral";
        MarketQuote answer = new MarketQuote(symbol, coin, pair, latest.rate(), quote,
                quote.equals("USD") ? latest.rate() : null, change, sentiment, "open trades of the bots",
                latest.at().toString());
        return new MarketAnswer(answer, answer);
    }
}
