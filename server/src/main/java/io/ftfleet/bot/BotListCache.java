package io.ftfleet.bot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ftfleet.core.JsonBody;
import io.ftfleet.user.CurrentUser;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/bots}, built once per change and serialised once. A request whose answer is cached touches no
 * database: a write of a bot row in this server raises {@link BotWrites#count()}, which the cached answer is compared
 * with, and the trade figures come from memory (the fleet poller) and are compared bot by bot. What neither covers
 * (another instance's writes on a shared database, a FreqAI model's details in the generated config, a row changed
 * around JPA) is bounded by {@link #MAX_AGE}: an answer older than that is rebuilt by one request while the others
 * keep serving it, so the list lags such changes by at most {@code MAX_AGE} plus one rebuild. Before: one aggregate
 * fingerprint query per request; before that, 20 entities, 20 generated configs and 41 KB of JSON per request.
 */
@Component
class BotListCache {

    static final Duration MAX_AGE = Duration.ofSeconds(1);
    /** Bounded: one entry per caller scope and page; cleared when full (it is rebuilt on demand). */
    private static final int MAX_ENTRIES = 10_000;

    private record Key(long scope, int skip, int limit) {
    }

    /** {@code writes}: {@link BotWrites#count()} read before the rows were; {@code rebuilding}: one rebuild at a time. */
    private record Entry(long writes, List<BotResponse> bots, long builtAt, JsonBody body, AtomicBoolean rebuilding) {
    }

    private final Bots bots;
    private final ObjectProvider<BotStatistics> statistics;
    private final JsonMapper json;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    BotListCache(Bots bots, ObjectProvider<BotStatistics> statistics, JsonMapper json) {
        this.bots = bots;
        this.statistics = statistics;
        this.json = json;
    }

    JsonBody list(CurrentUser user, int skip, int limit) {
        Key key = new Key(user.isAdmin() ? -1 : user.id(), skip, limit);
        long writes = BotWrites.count();
        Entry entry = entries.get(key);
        if (entry != null && entry.writes() == writes && figuresUnchanged(entry.bots())) {
            boolean fresh = System.nanoTime() - entry.builtAt() < MAX_AGE.toNanos();
            // Only aged (not changed): one request rebuilds, the others serve the answer of a moment ago.
            if (fresh || !entry.rebuilding().compareAndSet(false, true)) {
                return entry.body();
            }
        }
        // The count first, rows second: a write in between makes the entry look older than it is, never newer.
        List<BotResponse> list = bots.list(user, skip, limit);
        JsonBody body = JsonBody.of(json.writeValueAsBytes(list));
        if (entry != null && entry.body().etag().equals(body.etag())) {
            body = entry.body();
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(writes, list, System.nanoTime(), body, new AtomicBoolean()));
        return body;
    }

    private boolean figuresUnchanged(List<BotResponse> list) {
        BotStatistics source = statistics.getIfAvailable();
        for (BotResponse bot : list) {
            BotStatistics.Figures now = source == null ? null : source.figures(bot.id()).orElse(null);
            BotStatistics.Figures shown = new BotStatistics.Figures(bot.totalTrades(), bot.profitableTrades(),
                    bot.totalProfit(), bot.maxDrawdown());
            if (!shown.equals(now == null ? new BotStatistics.Figures(0, 0, 0.0, 0.0) : now)) {
                return false;
            }
        }
        return true;
    }
}
