package io.ftfleet.bot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.persistence.EntityManager;

import io.ftfleet.core.JsonBody;
import io.ftfleet.user.CurrentUser;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/bots}, built once per change and serialised once. Each request checks, with one aggregate
 * query (no rows loaded), whether the caller's bots changed since the cached answer was built: every write of a bot
 * row raises its {@code @Version}, a new bot raises the largest id, a deletion lowers the count, so
 * {@code (count, sum of versions, max id)} moves with any change. The trade figures come from memory (the fleet
 * poller) and are compared bot by bot. What neither covers (a FreqAI model's details in the generated config) is
 * bounded by {@link #MAX_AGE}. Before: 20 bots meant 20 entities, 20 generated configs and 41 KB of JSON per request.
 */
@Component
class BotListCache {

    static final Duration MAX_AGE = Duration.ofSeconds(1);
    /** Bounded: one entry per caller scope and page; cleared when full (it is rebuilt on demand). */
    private static final int MAX_ENTRIES = 10_000;

    private record Key(long scope, int skip, int limit) {
    }

    private record Fingerprint(long count, long versions, long maxId) {
    }

    private record Entry(Fingerprint fingerprint, List<BotResponse> bots, long builtAt, JsonBody body) {
    }

    private final Bots bots;
    private final EntityManager entityManager;
    private final TransactionTemplate readOnly;
    private final ObjectProvider<BotStatistics> statistics;
    private final JsonMapper json;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    BotListCache(Bots bots, EntityManager entityManager, PlatformTransactionManager transactions,
            ObjectProvider<BotStatistics> statistics, JsonMapper json) {
        this.bots = bots;
        this.entityManager = entityManager;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.statistics = statistics;
        this.json = json;
    }

    JsonBody list(CurrentUser user, int skip, int limit) {
        Key key = new Key(user.isAdmin() ? -1 : user.id(), skip, limit);
        Fingerprint now = fingerprint(user);
        Entry entry = entries.get(key);
        if (entry != null && entry.fingerprint().equals(now) && System.nanoTime() - entry.builtAt() < MAX_AGE.toNanos()
                && figuresUnchanged(entry.bots())) {
            return entry.body();
        }
        // Fingerprint first, rows second: a change in between makes the entry look older than it is, never newer.
        List<BotResponse> list = bots.list(user, skip, limit);
        JsonBody body = JsonBody.of(json.writeValueAsBytes(list));
        if (entry != null && entry.body().etag().equals(body.etag())) {
            body = entry.body();
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(now, list, System.nanoTime(), body));
        return body;
    }

    private Fingerprint fingerprint(CurrentUser user) {
        return readOnly.execute(status -> {
            String where = user.isAdmin() ? "" : " where b.ownerId = :owner";
            var query = entityManager.createQuery("select count(b), coalesce(sum(b.version), 0), coalesce(max(b.id), 0)"
                    + " from Bot b" + where, Object[].class);
            if (!user.isAdmin()) {
                query.setParameter("owner", user.id());
            }
            Object[] row = query.getSingleResult();
            return new Fingerprint(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                    ((Number) row[2]).longValue());
        });
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
