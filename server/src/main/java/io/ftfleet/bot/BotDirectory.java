package io.ftfleet.bot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.ftfleet.freqtrade.FreqtradeClient;
import io.ftfleet.runtime.BotPlacement;
import io.ftfleet.runtime.BotRuntimes;
import io.ftfleet.runtime.ObservedState;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Read access to the fleet for other modules (poller, analytics, event stream): what bots exist, who owns them, and
 * a client for each running bot's own API. System-level: callers apply their own user scoping with {@code ownerId}.
 */
@Service
public class BotDirectory {

    private final BotRepository bots;
    private final BotConfigs configs;
    private final BotRuntimes runtimes;
    /**
     * Where each bot runs (its placement: an external endpoint, or here), so the poller and the ledger sync do not load and
     * decrypt the bot's row for every call: at 1,000 bots that was a quarter of the server's CPU. Dropped after each
     * change of the bot (see {@link #forget}); a load that a change overtook is not kept ({@link #changes}), and the
     * TTL only bounds what a change made around this class (straight in the database) could leave behind.
     */
    private final Map<Long, Route> routes = new ConcurrentHashMap<>();
    /** Counts {@link #forget} calls: a route loaded while one happened may hold the old row and is not kept. */
    private final AtomicLong changes = new AtomicLong();

    private record Route(BotPlacement placement, long loadedNanos) {
    }

    static final Duration ROUTE_TTL = Duration.ofMinutes(10);

    BotDirectory(BotRepository bots, BotConfigs configs, BotRuntimes runtimes) {
        this.bots = bots;
        this.configs = configs;
        this.runtimes = runtimes;
    }

    /** One bot as other modules see it. {@code observedState} is one of {@link ObservedState}'s values. */
    public record BotSummary(long id, String name, long ownerId, String exchange, String stakeCurrency, boolean dryRun,
            String runtime, String observedState, List<String> tags) {
    }

    @Transactional(readOnly = true)
    public List<BotSummary> all() {
        return bots.findAll().stream().map(this::summary).toList();
    }

    @Transactional(readOnly = true)
    public Optional<BotSummary> find(long botId) {
        return bots.findById(botId).map(this::summary);
    }

    /** A client for the bot's own API when it is running here, or when it is an external bot; else empty. */
    public Optional<FreqtradeClient> client(long botId) {
        Route route = routes.get(botId);
        if (route == null || System.nanoTime() - route.loadedNanos() > ROUTE_TTL.toNanos()) {
            long changesBefore = changes.get();
            Optional<Bot> bot = bots.findById(botId);
            if (bot.isEmpty()) {
                routes.remove(botId);
                return Optional.empty();
            }
            route = new Route(configs.placement(bot.get()), System.nanoTime());
            routes.put(botId, route);
            if (changes.get() != changesBefore) {
                routes.remove(botId, route); // a change overtook this load: it may hold the old row
            }
        }
        // The runtime of the bot's placement answers (an external bot's address is checked again there).
        return runtimes.client(botId, route.placement());
    }

    /**
     * The bot changed or went away: its route is dropped now and again after the commit, so a reload racing the
     * transaction cannot keep the old endpoint (password, URL) alive.
     */
    void forget(long botId) {
        drop(botId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    drop(botId);
                }
            });
        }
    }

    private void drop(long botId) {
        changes.incrementAndGet(); // before the removal: a load finishing in between sees the change
        routes.remove(botId);
    }

    /** The strategy a bot runs: its class name and the pinned version (null when none is pinned). */
    public record PinnedStrategy(String strategyName, Long versionId) {
    }

    @Transactional(readOnly = true)
    public Optional<PinnedStrategy> strategy(long botId) {
        return bots.findById(botId).map(bot -> new PinnedStrategy(bot.strategyName, bot.strategyVersionId));
    }

    /**
     * The bot's generated Freqtrade config without any secret or runtime value (no exchange credentials, no API
     * credentials): what a backtest of "this bot's setup" starts from.
     */
    @Transactional(readOnly = true)
    public Optional<tools.jackson.databind.node.ObjectNode> configWithoutSecrets(long botId) {
        return bots.findById(botId).map(bot -> configs.generated(bot, configs.model(bot)));
    }

    private BotSummary summary(Bot bot) {
        return new BotSummary(bot.id, bot.name, bot.ownerId, bot.exchange, bot.stakeCurrency, bot.dryRun, bot.runtime,
                bot.observedState.value(), configs.list(bot.tags));
    }
}
