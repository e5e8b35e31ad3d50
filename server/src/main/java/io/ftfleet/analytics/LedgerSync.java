package io.ftfleet.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.ftfleet.bot.BotDirectory;
import io.ftfleet.bot.BotDirectory.BotSummary;
import io.ftfleet.core.DeadlineFanOut;
import io.ftfleet.fleet.BotSnapshot;
import io.ftfleet.fleet.FleetSnapshots;
import io.ftfleet.freqtrade.Balances;
import io.ftfleet.freqtrade.BotCallFailed;
import io.ftfleet.freqtrade.FreqtradeClient;
import io.ftfleet.freqtrade.FreqtradeClientSettings;
import io.ftfleet.freqtrade.ShowConfig;
import io.ftfleet.freqtrade.Trade;
import io.ftfleet.freqtrade.TradeHistory;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Copies every bot's closed trades into the ledger, in the background, so analytics never call bots.
 * <p>
 * Incremental: {@code /trades} pages closed trades in trade-id order, and a trade only ever goes from open to
 * closed; so every closed trade below the lowest open trade id seen at a sync is final, and the next sync reads on
 * from there ({@code stable_count}). One already-known trade is re-read first: when it is not the same trade (or the
 * bot reports fewer trades than the ledger holds) the bot's trades database was reset, and the bot is synced again
 * from scratch. Bots run on a fixed pool with a deadline each; bots the poller already sees offline are skipped.
 */
@Component
class LedgerSync {

    private static final Logger log = LoggerFactory.getLogger(LedgerSync.class);
    private static final int MAX_ERROR = 300;

    private final BotDirectory directory;
    private final FleetSnapshots snapshots;
    private final TradeLedger ledger;
    private final LiveFigures live;
    private final PriceHistory prices;
    private final AnalyticsProperties properties;
    private final Duration deadline;
    private final ExecutorService pool;
    private volatile Instant lastCycle;
    private final Map<Long, Saved> saved = new ConcurrentHashMap<>();

    LedgerSync(BotDirectory directory, FleetSnapshots snapshots, TradeLedger ledger, LiveFigures live,
            PriceHistory prices, AnalyticsProperties properties, FreqtradeClientSettings clientSettings) {
        this.directory = directory;
        this.snapshots = snapshots;
        this.ledger = ledger;
        this.live = live;
        this.prices = prices;
        this.properties = properties;
        // a full first sync of a bot with many trades takes several pages; each call has its own read timeout
        this.deadline = clientSettings.readTimeout().multipliedBy(6);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(properties.syncConcurrency(), r -> {
            Thread t = new Thread(r, "ledger-sync-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }

    Optional<Instant> lastCycle() {
        return Optional.ofNullable(lastCycle);
    }

    @Scheduled(fixedDelayString = "${ftfleet.analytics.sync-interval:10s}", initialDelay = 1000)
    void syncCycle() {
        try {
            List<BotSummary> bots = directory.all();
            Set<Long> ids = bots.stream().map(BotSummary::id).collect(Collectors.toSet());
            live.retainOnly(ids);
            saved.keySet().retainAll(ids);
            List<Long> due = new ArrayList<>();
            for (BotSummary bot : bots) {
                Optional<BotSnapshot> snap = snapshots.get(bot.id());
                if (snap.isEmpty() || snap.get().status() != BotSnapshot.Status.OFFLINE) {
                    due.add(bot.id());
                }
            }
            Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
            DeadlineFanOut.runAll(pool, due, deadline, this::syncSafely, (botId, outcome) -> {
                if (outcome != null) {
                    outcomes.add(outcome);
                }
            }, this::recordTimeout);
            store(List.copyOf(outcomes));
            lastCycle = Instant.now();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Ledger sync cycle failed: {}", e.toString());
        }
    }

    private void recordTimeout(long botId) {
        try {
            saveError(botId, "no answer within " + deadline.toMillis() + " ms");
        } catch (RuntimeException e) {
            log.debug("could not record the sync timeout of bot {}: {}", botId, e.toString());
        }
    }

    /** What the bot's sync found to store, or null when nothing is to be stored. */
    private Outcome syncSafely(long botId) {
        try {
            Optional<FreqtradeClient> client = directory.client(botId);
            if (client.isPresent()) {
                return sync(botId, client.get());
            }
        } catch (BotCallFailed e) {
            saveError(botId, shorten(e.getMessage()));
        } catch (RuntimeException e) {
            // e.g. the bot was deleted while being synced (its ledger rows go with it)
            log.debug("ledger sync of bot {} failed: {}", botId, e.toString());
        }
        return null;
    }

    /**
     * Stores every bot's outcome of the cycle in one transaction. Should that fail (e.g. a bot deleted meanwhile,
     * whose rows can no longer be inserted), each bot is stored on its own, so one bot never costs the others their
     * cycle.
     */
    private void store(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        List<Outcome> stored = outcomes;
        try {
            ledger.recordAll(outcomes);
        } catch (RuntimeException batchFailed) {
            log.debug("storing the ledger sync of {} bots at once failed, storing each alone: {}", outcomes.size(),
                    batchFailed.toString());
            stored = new ArrayList<>();
            for (Outcome o : outcomes) {
                try {
                    ledger.record(o);
                    stored.add(o);
                } catch (RuntimeException e) {
                    saved.remove(o.botId()); // the next sync starts from what the database holds
                    log.debug("storing the ledger sync of bot {} failed: {}", o.botId(), e.toString());
                }
            }
        }
        stored.forEach(o -> saved.put(o.botId(), Saved.of(o)));
    }

    /**
     * One bot: its figures, then every closed trade the ledger does not have yet. Returns what is left to store (the
     * new trades and the state they lead to), or null when the stored state is still true.
     */
    private Outcome sync(long botId, FreqtradeClient client) {
        // the poller has just read the bot's stake currency and dry-run flag: its snapshot saves a /show_config
        Optional<BotSnapshot> snap = snapshots.get(botId).filter(x -> x.status() == BotSnapshot.Status.ONLINE
                && x.stakeCurrency() != null);
        String stakeRead;
        boolean dry;
        if (snap.isPresent()) {
            stakeRead = snap.get().stakeCurrency();
            dry = snap.get().dryRun();
        } else {
            ShowConfig config = client.showConfig();
            stakeRead = config.stakeCurrency();
            dry = config.dryRun();
        }
        List<Trade> open = client.status();
        Instant now = Instant.now();
        // the poller read /balance moments ago (at most one poll interval): use that answer, dated as its poll
        Optional<Balances> polled = snap.isPresent() ? snapshots.balances(botId) : Optional.empty();
        Balances balance = polled.orElseGet(client::balance);
        Instant balanceAt = polled.isPresent() ? snap.get().polledAt() : now;
        String stake = stakeRead == null ? "UNKNOWN" : stakeRead.toUpperCase(java.util.Locale.ROOT);
        live.put(figures(botId, stake, dry, balance, open, now, balanceAt));
        for (Trade t : open) {
            if (t.currentRate() != null && t.currentRate() > 0) {
                prices.record(t.pair(), t.currentRate(), now);
            }
        }
        int lowestOpen = open.stream().mapToInt(Trade::tradeId).min().orElse(Integer.MAX_VALUE);

        Saved before = saved.get(botId);
        if (before == null) {
            before = ledger.state(botId).map(x -> new Saved(x.stableCount(), x.startingBalance(), x.lastError() != null,
                    Integer.MIN_VALUE, null, null)).orElse(Saved.NOTHING);
        }
        // read before paging: a trade closing meanwhile makes the next sync look again, never skips one
        Integer closedNow = snap.map(BotSnapshot::closedTrades).orElse(null);
        Double startingBalance = balance.startingCapital();
        if (closedNow != null && closedNow.equals(before.closedSeen()) && before.stillTrue(lowestOpen, startingBalance)) {
            return null; // the bot's closed-trade count (its /profit, via the poller) has not moved: no /trades walk
        }
        int stable = before.stableCount();
        int pageSize = properties.pageSize();
        int offset = Math.max(0, stable - 1);
        TradeHistory page = client.trades(pageSize, offset);
        if (stable > 0 && reset(botId, before, page)) {
            log.info("Bot {}'s trades database no longer holds the trades the ledger has: syncing it again", botId);
            ledger.forget(botId);
            saved.remove(botId);
            before = Saved.NOTHING;
            stable = 0;
            offset = 0;
            page = client.trades(pageSize, 0);
        }
        int firstId = page.trades().isEmpty() ? Integer.MAX_VALUE : page.trades().get(0).tradeId();
        // the ledger's trades below the page's first: the anchor's predecessors (checked above), or counted once
        int below = stable > 0 ? stable - 1 : ledger.countBelow(botId, firstId);
        Map<Integer, Long> known = ledger.openTimesFrom(botId, firstId);
        List<ClosedTrade> fresh = new ArrayList<>();
        while (true) {
            for (Trade t : page.trades()) {
                if (!t.isOpen() && t.closeTimestamp() != null
                        && known.putIfAbsent(t.tradeId(), t.openTimestamp()) == null) {
                    fresh.add(closed(botId, stake, dry, t));
                }
            }
            offset += page.trades().size();
            if (page.trades().size() < pageSize || offset >= page.totalTrades()) {
                break;
            }
            if (!fresh.isEmpty()) {
                ledger.insert(fresh); // more pages to come: keep what this one brought if a later one fails
                fresh = new ArrayList<>();
            }
            page = client.trades(pageSize, offset);
        }
        if (fresh.isEmpty() && before.stillTrue(lowestOpen, startingBalance)) {
            saved.put(botId, new Saved(before.stableCount(), startingBalance, false, lowestOpen, closedNow,
                    before.anchor()));
            return null; // nothing closed, nothing opened below, same start: the stored state is still true
        }
        // the stable trades are the ledger's trades below the lowest open one; the highest of them is the next
        // anchor. Counted here rather than in the database, where a count or a "highest below" scans the bot's
        // whole history (H2 walks the index range), a cost that grew with every trade.
        int stableNow = below;
        TradeLedger.Anchor anchor = null;
        for (Map.Entry<Integer, Long> k : known.entrySet()) {
            if (k.getKey() < lowestOpen) {
                stableNow++;
                if (anchor == null || k.getKey() > anchor.tradeId()) {
                    anchor = new TradeLedger.Anchor(k.getKey(), k.getValue());
                }
            }
        }
        return new Outcome(botId, fresh, stableNow, anchor, lowestOpen, startingBalance, now, closedNow);
    }

    /**
     * One bot's sync, still to be stored: the newly closed trades and the state they lead to (the number of ledger
     * trades below the lowest open one, and the last of them). {@code closedSeen}: the bot's closed-trade count the
     * sync caught up with (null when unknown).
     */
    record Outcome(long botId, List<ClosedTrade> fresh, int stableCount, TradeLedger.Anchor anchor, int lowestOpen,
            Double startingBalance, Instant at, Integer closedSeen) {
    }

    /**
     * What the ledger last stored for a bot (and the lowest open trade id it was computed with), kept so a sync
     * neither reads it back nor rewrites it when nothing changed. {@code error} forces the next write (to clear the
     * stored error, or because nothing is known). {@code closedSeen}: the bot's closed-trade count when the ledger
     * last caught up with it (null when unknown). {@code anchor}: the ledger's trade at position
     * {@code stableCount - 1}, which the next sync compares with the bot's (null when not known yet).
     */
    private record Saved(int stableCount, Double startingBalance, boolean error, int lowestOpen, Integer closedSeen,
            TradeLedger.Anchor anchor) {

        static final Saved NOTHING = new Saved(0, null, true, Integer.MIN_VALUE, null, null);

        /** What the database holds once the outcome is stored. */
        static Saved of(Outcome o) {
            return new Saved(o.stableCount(), o.startingBalance(), false, o.lowestOpen(), o.closedSeen(), o.anchor());
        }

        /** Without a new closed trade, the stored state stays true while these are the same. */
        boolean stillTrue(int lowestOpenNow, Double startingBalanceNow) {
            return !error && lowestOpen == lowestOpenNow && Objects.equals(startingBalance, startingBalanceNow);
        }
    }

    private void saveError(long botId, String error) {
        saved.remove(botId);
        ledger.saveError(botId, error, Instant.now());
    }

    private boolean reset(long botId, Saved before, TradeHistory page) {
        int stable = before.stableCount();
        if (page.totalTrades() < stable || page.trades().isEmpty()) {
            return true;
        }
        Trade first = page.trades().get(0);
        // known since the last store; only the first sync after a start reads it (a scan to the offset)
        Optional<TradeLedger.Anchor> anchor = before.anchor() != null ? Optional.of(before.anchor())
                : ledger.anchor(botId, stable - 1);
        return anchor.map(a -> a.tradeId() != first.tradeId() || a.openMs() != first.openTimestamp()).orElse(true);
    }

    static ClosedTrade closed(long botId, String stake, boolean dry, Trade t) {
        double profitAbs = t.profitAbs() != null ? t.profitAbs() : t.closeProfitAbs() != null ? t.closeProfitAbs() : 0;
        double profitRatio = t.profitRatio() != null ? t.profitRatio() : t.closeProfit() != null ? t.closeProfit() : 0;
        return new ClosedTrade(botId, t.tradeId(), t.pair(), stake, dry, t.stakeAmount(), profitAbs, profitRatio,
                Instant.ofEpochMilli(t.openTimestamp()), Instant.ofEpochMilli(t.closeTimestamp()));
    }

    private static LiveFigures.Figures figures(long botId, String stake, boolean dry, Balances balance,
            List<Trade> open, Instant now, Instant balanceAt) {
        Map<String, Double> coinRates = new HashMap<>();
        for (Balances.Currency c : balance.currencies()) {
            if (!c.isPosition() && c.currency() != null && !c.currency().equalsIgnoreCase(stake) && c.balance() > 0
                    && c.estStake() > 0) {
                coinRates.put(c.currency().toUpperCase(java.util.Locale.ROOT), c.estStake() / c.balance());
            }
        }
        List<LiveFigures.PairRate> rates = open.stream().filter(t -> t.currentRate() != null && t.currentRate() > 0)
                .map(t -> new LiveFigures.PairRate(t.pair(), t.currentRate(), now)).toList();
        return new LiveFigures.Figures(botId, stake, dry, balance.total(), balance.startingCapital(),
                balance.symbol() == null ? "" : balance.symbol(), balance.value(), Map.copyOf(coinRates), rates,
                balanceAt);
    }

    private static String shorten(String s) {
        if (s == null || s.isBlank()) {
            return "unknown error";
        }
        return s.length() > MAX_ERROR ? s.substring(0, MAX_ERROR) : s;
    }
}
