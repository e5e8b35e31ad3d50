package io.ftfleet.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.ftfleet.core.ApiException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exchange ids and markets from Freqtrade itself. Successful answers are cached (one load at a time per key, so a
 * burst of requests runs the command once); failures are not cached and become 503 (the command failed, e.g. the
 * exchange cannot be reached) or 504 (it did not finish in time) — never 500.
 */
@Service
public class Exchanges {

    private static final Pattern EXCHANGE_ID = Pattern.compile("[a-z0-9_]{1,40}");
    private static final String EXCHANGES_KEY = "\u0000exchanges";

    private record Cached(List<String> value, Instant loadedAt) {
    }

    private final FreqtradeCommand freqtrade;
    private final ExchangeProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    Exchanges(FreqtradeCommand freqtrade, ExchangeProperties properties, JsonMapper json, Clock clock) {
        this.freqtrade = freqtrade;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** {@code freqtrade list-exchanges -1}: the exchanges this Freqtrade supports, one id per line. */
    public List<String> exchanges() {
        return cached(EXCHANGES_KEY, properties.cacheTtl(), () -> {
            List<String> ids = new ArrayList<>();
            for (String line : freqtrade.run(properties.commandTimeout(), "list-exchanges", "-1").split("\\R")) {
                String id = line.trim();
                if (EXCHANGE_ID.matcher(id).matches()) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                throw new FreqtradeCommand.Failed("freqtrade list-exchanges printed no exchange", false);
            }
            return List.copyOf(ids);
        });
    }

    /**
     * The exchange's markets quoted in USDT (spot {@code BTC/USDT} and futures {@code BTC/USDT:USDT}), sorted: the
     * contract names no command for markets, so this runs Freqtrade's documented
     * {@code freqtrade list-markets --exchange <id> --quote USDT --print-json}, which loads the markets from the
     * exchange over the network.
     */
    public List<String> usdtPairs(String exchangeId) {
        if (exchangeId == null || !EXCHANGE_ID.matcher(exchangeId).matches() || !exchanges().contains(exchangeId)) {
            throw ApiException.notFound("exchange_not_found", "Exchange '" + abbreviate(exchangeId) + "' not found.");
        }
        return cached(exchangeId, properties.pairsCacheTtl(), () -> {
            String out = freqtrade.run(properties.commandTimeout(), "list-markets", "--exchange", exchangeId,
                    "--quote", "USDT", "--print-json");
            List<String> pairs = new ArrayList<>();
            for (JsonNode n : jsonList(out)) {
                String symbol = n.asString();
                if (symbol.endsWith("/USDT") || symbol.endsWith(":USDT")) {
                    pairs.add(symbol);
                }
            }
            pairs.sort(null);
            return List.copyOf(pairs);
        });
    }

    /** The printed JSON array (the last line that is one); none means the exchange has no such market. */
    private List<JsonNode> jsonList(String stdout) {
        String[] lines = stdout.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].trim();
            if (line.startsWith("[")) {
                try {
                    JsonNode node = json.readTree(line);
                    if (node.isArray()) {
                        List<JsonNode> out = new ArrayList<>();
                        node.forEach(out::add);
                        return out;
                    }
                } catch (RuntimeException e) {
                    break;
                }
            }
        }
        if (stdout.isBlank() || stdout.contains(" has 0 ")) {
            return List.of();
        }
        throw new FreqtradeCommand.Failed("freqtrade list-markets printed no market list", false);
    }

    private List<String> cached(String key, Duration ttl, Supplier<List<String>> load) {
        Cached hit = cache.get(key);
        if (fresh(hit, ttl)) {
            return hit.value();
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            hit = cache.get(key);
            if (fresh(hit, ttl)) {
                return hit.value();
            }
            try {
                List<String> value = load.get();
                cache.put(key, new Cached(value, clock.instant()));
                return value;
            } catch (FreqtradeCommand.Failed e) {
                throw new ApiException(e.timedOut ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.SERVICE_UNAVAILABLE,
                        e.timedOut ? "freqtrade_timeout" : "freqtrade_failed", e.getMessage());
            }
        }
    }

    private boolean fresh(Cached c, Duration ttl) {
        return c != null && c.loadedAt().plus(ttl).isAfter(clock.instant());
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
