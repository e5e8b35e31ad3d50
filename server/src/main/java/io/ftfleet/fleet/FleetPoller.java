package io.ftfleet.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.ftfleet.bot.BotDirectory;
import io.ftfleet.bot.BotDirectory.BotSummary;
import io.ftfleet.core.DeadlineFanOut;
import io.ftfleet.freqtrade.Balances;
import io.ftfleet.freqtrade.BotCallFailed;
import io.ftfleet.freqtrade.FreqtradeClient;
import io.ftfleet.freqtrade.FreqtradeClientSettings;
import io.ftfleet.freqtrade.FreqtradeGeneration;
import io.ftfleet.freqtrade.Health;
import io.ftfleet.freqtrade.Profit;
import io.ftfleet.freqtrade.ShowConfig;
import io.ftfleet.freqtrade.TradeCount;
import io.ftfleet.freqtrade.BotAuthFailed;
import io.ftfleet.freqtrade.BotRejected;
import io.ftfleet.freqtrade.BotUnreachable;

import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Polls every bot's own API once per cycle. Each bot is its own task on a fixed pool of
 * {@code ftfleet.fleet.poll-concurrency} threads, with a deadline of twice the client read timeout counted from the
 * moment its task starts: a bot that has not answered by then is marked {@code OFFLINE} and its task interrupted,
 * so one slow or dead bot never holds up the others beyond its own deadline. The cycle ends when every task has
 * finished or timed out; the next one starts {@code ftfleet.fleet.poll-interval} later.
 */
@Component
class FleetPoller {

    private static final Logger log = LoggerFactory.getLogger(FleetPoller.class);
    private static final int MAX_ERROR_LENGTH = 300;

    private final BotDirectory directory;
    private final FleetSnapshots snapshots;
    private final FleetMetrics metrics;
    private final FleetProperties properties;
    private final Duration botDeadline;
    private final ExecutorService pool;
    private volatile Instant lastCycleCompleted;
    /**
     * The last {@code /show_config} of each running bot before Freqtrade 2025.4. Those answer {@code /count} only
     * while running, so a successful {@code /count} with the same {@code max} proves the state is still "running"
     * with entries open and the config (stake currency, dry-run, ...) can be reused: one call less per bot and
     * cycle, and the largest answer of the five. A bot that stops is caught by the refused {@code /count}, a
     * stopentry by its {@code max} 0, in the same cycle; a config reloaded in place is picked up within
     * {@link #CONFIG_REFRESH}. 2025.4+ bots answer {@code /count} while paused too, so theirs is read every cycle.
     */
    private final Map<Long, Fetched> configs = new ConcurrentHashMap<>();

    private record Fetched(ShowConfig config, long atNanos) {
    }

    static final Duration CONFIG_REFRESH = Duration.ofSeconds(60);

    FleetPoller(BotDirectory directory, FleetSnapshots snapshots, FleetMetrics metrics, FleetProperties properties,
            FreqtradeClientSettings clientSettings) {
        this.directory = directory;
        this.snapshots = snapshots;
        this.metrics = metrics;
        this.properties = properties;
        this.botDeadline = clientSettings.readTimeout().multipliedBy(2);
        this.pool = Executors.newFixedThreadPool(properties.pollConcurrency(), threads());
    }

    @Scheduled(fixedDelayString = "${ftfleet.fleet.poll-interval:5s}")
    void pollCycle() {
        Timer.Sample sample = Timer.start();
        try {
            runCycle();
            lastCycleCompleted = Instant.now();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Fleet poll cycle failed: {}", e.toString());
        } finally {
            long nanos = sample.stop(metrics.pollCycle());
            // exact durations for bench/fleet-1000.sh (the histogram only has bucket bounds)
            log.debug("Poll cycle took {} ms", nanos / 1_000_000);
        }
    }

    /** When the last cycle finished, or empty before the first one. */
    Optional<Instant> lastCycleCompleted() {
        return Optional.ofNullable(lastCycleCompleted);
    }

    Duration pollInterval() {
        return properties.pollInterval();
    }

    Duration botDeadline() {
        return botDeadline;
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }

    void runCycle() throws InterruptedException {
        List<BotSummary> bots = directory.all();
        Set<Long> ids = bots.stream().map(BotSummary::id).collect(Collectors.toSet());
        snapshots.ids().stream().filter(id -> !ids.contains(id)).forEach(snapshots::remove);
        metrics.retainOnly(ids);
        configs.keySet().retainAll(ids);
        for (BotSummary bot : bots) {
            if (snapshots.get(bot.id()).isEmpty()) {
                snapshots.put(initializing(bot));
            }
            metrics.track(bot);
        }
        DeadlineFanOut.runAll(pool, bots, botDeadline, this::pollSafely,
                (bot, result) -> snapshots.put(result.snapshot(), result.balance()),
                bot -> {
                    configs.remove(bot.id());
                    snapshots.put(offline(bot, "no answer within " + botDeadline.toMillis() + " ms"));
                });
    }

    /** One bot's poll: its snapshot, and its whole {@code /balance} when it answered (null otherwise). */
    private record Polled(BotSnapshot snapshot, Balances balance) {
    }

    private Polled pollSafely(BotSummary bot) {
        try {
            return poll(bot);
        } catch (BotCallFailed e) {
            configs.remove(bot.id());
            return new Polled(offline(bot, failed(bot, e, describe(e))), null);
        } catch (RuntimeException e) {
            configs.remove(bot.id());
            return new Polled(offline(bot, failed(bot, e, "polling the bot failed unexpectedly")), null);
        }
    }

    /**
     * Why a poll failed, in words for the bot's owner: never the client library's exception, the bot's URL or the
     * call's path. The technical cause goes to the log, once per change of the bot's error, so it does not repeat
     * every cycle.
     */
    static String describe(BotCallFailed e) {
        if (e instanceof BotUnreachable) {
            return e.getCause() instanceof java.net.http.HttpTimeoutException ? "the bot's API did not answer in time"
                    : "the bot's API did not answer";
        }
        if (e instanceof BotAuthFailed) {
            return "the bot refused the login (check the API username and password)";
        }
        if (e instanceof BotRejected rejected) {
            String message = rejected.botMessage() == null ? "" : rejected.botMessage().strip();
            return "the bot refused a request (HTTP " + rejected.status() + ")"
                    + (message.isEmpty() ? "" : ": " + abbreviate(message, 200));
        }
        return "the bot's answer could not be read (is another program answering on its port?)";
    }

    private String failed(BotSummary bot, RuntimeException e, String described) {
        String before = snapshots.get(bot.id()).map(BotSnapshot::lastError).orElse(null);
        if (!described.equals(before)) {
            if (e instanceof BotCallFailed) {
                log.info("Poll of bot {} ({}) failed: {}", bot.id(), bot.name(), e.getMessage());
            } else {
                log.warn("Poll of bot {} ({}) failed unexpectedly", bot.id(), bot.name(), e);
            }
        }
        return described;
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    private Polled poll(BotSummary bot) {
        Optional<FreqtradeClient> maybeClient = directory.client(bot.id());
        if (maybeClient.isEmpty()) {
            configs.remove(bot.id());
            return new Polled(offline(bot, "not running"), null);
        }
        FreqtradeClient client = maybeClient.get();
        Fetched known = configs.get(bot.id());
        ShowConfig config = null;
        Integer open = null;
        if (known != null && System.nanoTime() - known.atNanos() < CONFIG_REFRESH.toNanos()) {
            try {
                TradeCount count = client.count();
                // a stopentry (2.40) shows as max 0 here: the cached config would still say entries are open
                if (count.max() == (int) known.config().maxOpenTrades()) {
                    open = count.current();
                    config = known.config();
                }
            } catch (BotRejected e) {
                // no longer running: read its config (and state) again below
            }
        }
        if (config == null) {
            config = client.showConfig();
            open = openTrades(client, config);
            // Only where /count is refused unless running (before 2025.4): a paused 2025.4+ bot still answers it
            if ("running".equals(config.state()) && config.generation() == FreqtradeGeneration.STOPENTRY) {
                configs.put(bot.id(), new Fetched(config, System.nanoTime()));
            } else {
                configs.remove(bot.id());
            }
        }
        Profit profit = client.profit();
        Balances balance = client.balance();
        Health health = client.health();
        Instant now = Instant.now();
        Long heartbeatAge = health.lastProcessAt()
                .map(at -> Math.max(0L, Duration.between(at, now).toSeconds())).orElse(null);
        String stake = config.stakeCurrency() != null ? config.stakeCurrency() : bot.stakeCurrency();
        return new Polled(new BotSnapshot(bot.id(), bot.name(), bot.ownerId(), bot.exchange(),
                BotSnapshot.Status.ONLINE, observedState(config), open, profit.profitClosedCoin(), profit.profitAllRatio(),
                profit.closedTradeCount(), profit.winningTrades(), profit.maxDrawdown(), balance.total(), stake,
                config.dryRun(), heartbeatAge, null, now, now), balance);
    }

    /**
     * A running bot's open trades from {@code /count} (three numbers) rather than {@code /status} (every open trade
     * with all its fields): at 1,000 bots that is most of the bytes a cycle parses. {@code /count} is refused while
     * the bot is not running, so then, or if it is refused meanwhile, the open trades are counted from
     * {@code /status}.
     */
    private static int openTrades(FreqtradeClient client, ShowConfig config) {
        if ("running".equals(config.state())) {
            try {
                return client.count().current();
            } catch (BotRejected e) {
                // stopped between the two calls: fall through
            }
        }
        return client.status().size();
    }

    /**
     * The bot's own state, except that entries stopped read {@code paused} on either generation: a 2025.4+ bot says
     * so itself, an older one keeps saying {@code running} with {@code max_open_trades} 0 after a stopentry.
     */
    static String observedState(ShowConfig config) {
        return config.entriesStopped() ? "paused" : config.state();
    }

    private BotSnapshot initializing(BotSummary bot) {
        return new BotSnapshot(bot.id(), bot.name(), bot.ownerId(), bot.exchange(), BotSnapshot.Status.INITIALIZING,
                null, null, null, null, null, null, null, null, bot.stakeCurrency(), bot.dryRun(), null, null, null,
                Instant.now());
    }

    /** Keeps the last known values (and last-seen time) and says why this poll failed. */
    private BotSnapshot offline(BotSummary bot, String error) {
        String reason = error == null || error.isBlank() ? "unknown error"
                : error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
        Instant now = Instant.now();
        BotSnapshot previous = snapshots.get(bot.id()).orElse(null);
        if (previous == null) {
            return new BotSnapshot(bot.id(), bot.name(), bot.ownerId(), bot.exchange(), BotSnapshot.Status.OFFLINE,
                    null, null, null, null, null, null, null, null, bot.stakeCurrency(), bot.dryRun(), null, reason, null,
                    now);
        }
        return new BotSnapshot(bot.id(), bot.name(), bot.ownerId(), bot.exchange(), BotSnapshot.Status.OFFLINE,
                previous.botState(), previous.openTrades(), previous.profitClosedAbs(), previous.profitAllRatio(),
                previous.closedTrades(), previous.winningTrades(), previous.maxDrawdownRatio(), previous.balanceTotal(), previous.stakeCurrency(), previous.dryRun(), previous.heartbeatAgeSeconds(),
                reason, previous.lastSeen(), now);
    }

    private static ThreadFactory threads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "fleet-poll-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
