package io.ftfleet.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.ftfleet.core.JsonBody;

import org.springframework.stereotype.Service;

import tools.jackson.databind.json.JsonMapper;

/**
 * The fleet at a glance, from the snapshots only: counts by poll status and bot state, open trades, and money totals
 * per stake currency and dry-run (USDT is never added to BTC, dry-run never to live). Each scope's summary is cached
 * for {@link #TTL}, so many viewers polling it cost one pass over the snapshots per second per scope.
 */
@Service
class FleetSummary {

    static final Duration TTL = Duration.ofSeconds(1);

    /** Money totals of the bots in one stake currency, dry-run or live. Sums skip bots that never answered. */
    record CurrencyTotals(String stakeCurrency, boolean dryRun, int bots, int openTrades, int closedTrades,
            double balanceTotal, double profitClosedAbs) {
    }

    record Summary(Instant generatedAt, int bots, Map<String, Integer> byStatus, Map<String, Integer> byState,
            int openTrades, List<CurrencyTotals> totals) {
    }

    private record Cached(Instant at, Summary summary, JsonBody body) {
    }

    private final FleetSnapshots snapshots;
    private final Clock clock;
    private final JsonMapper json;
    /** Key: owner id, or -1 for the whole fleet (admins). */
    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

    FleetSummary(FleetSnapshots snapshots, Clock clock, JsonMapper json) {
        this.snapshots = snapshots;
        this.clock = clock;
        this.json = json;
    }

    /** @param ownerId null for the whole fleet */
    Summary of(Long ownerId) {
        return cached(ownerId).summary();
    }

    /**
     * The summary serialised once per change, with its ETag. A recomputation that finds the same figures keeps the
     * previous answer, {@code generated_at} included (it is when these figures were first computed), so the ETag
     * changes exactly when the content does and an unchanged fleet answers pollers with 304.
     */
    JsonBody body(Long ownerId) {
        return cached(ownerId).body();
    }

    private Cached cached(Long ownerId) {
        long key = ownerId == null ? -1 : ownerId;
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && cached.at().plus(TTL).isAfter(now)) {
            return cached;
        }
        Summary fresh = compute(ownerId, now);
        Cached next;
        if (cached != null && sameFigures(cached.summary(), fresh)) {
            next = new Cached(now, cached.summary(), cached.body());
        } else {
            next = new Cached(now, fresh, JsonBody.of(json.writeValueAsBytes(fresh)));
        }
        if (cache.size() > 10_000) {
            cache.clear(); // bounded: one entry per active viewer scope
        }
        cache.put(key, next);
        return next;
    }

    private static boolean sameFigures(Summary a, Summary b) {
        return a.bots() == b.bots() && a.openTrades() == b.openTrades() && a.byStatus().equals(b.byStatus())
                && a.byState().equals(b.byState()) && a.totals().equals(b.totals());
    }

    Summary compute(Long ownerId, Instant now) {
        Map<String, Integer> byStatus = new TreeMap<>();
        for (BotSnapshot.Status s : BotSnapshot.Status.values()) {
            byStatus.put(s.name(), 0);
        }
        Map<String, Integer> byState = new TreeMap<>();
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, double[]> money = new TreeMap<>();
        int bots = 0;
        int open = 0;
        for (BotSnapshot s : snapshots.all()) {
            if (ownerId != null && s.ownerId() != ownerId) {
                continue;
            }
            bots++;
            byStatus.merge(s.status().name(), 1, Integer::sum);
            byState.merge(s.botState() == null ? "unknown" : s.botState(), 1, Integer::sum);
            open += s.openTrades() == null ? 0 : s.openTrades();
            String group = Objects.toString(s.stakeCurrency(), "") + "\u0000" + s.dryRun();
            int[] c = counts.computeIfAbsent(group, g -> new int[3]);
            double[] m = money.computeIfAbsent(group, g -> new double[2]);
            c[0]++;
            c[1] += s.openTrades() == null ? 0 : s.openTrades();
            c[2] += s.closedTrades() == null ? 0 : s.closedTrades();
            m[0] += s.balanceTotal() == null ? 0 : s.balanceTotal();
            m[1] += s.profitClosedAbs() == null ? 0 : s.profitClosedAbs();
        }
        List<CurrencyTotals> totals = new ArrayList<>();
        counts.forEach((group, c) -> {
            String[] parts = group.split("\u0000", -1);
            double[] m = money.get(group);
            totals.add(new CurrencyTotals(parts[0], Boolean.parseBoolean(parts[1]), c[0], c[1], c[2], m[0], m[1]));
        });
        totals.sort(Comparator.comparing(CurrencyTotals::stakeCurrency).thenComparing(CurrencyTotals::dryRun));
        return new Summary(now, bots, byStatus, byState, open, totals);
    }
}
