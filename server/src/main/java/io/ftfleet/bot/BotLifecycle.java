package io.ftfleet.bot;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;

import io.ftfleet.core.ApiException;
import io.ftfleet.freqai.FreqaiCatalog;
import io.ftfleet.freqtrade.BotCallFailed;
import io.ftfleet.freqtrade.BotEndpoint;
import io.ftfleet.freqtrade.FreqtradeClient;
import io.ftfleet.risk.DrawdownGuardTripped;
import io.ftfleet.risk.TradingSwitch;
import io.ftfleet.runtime.BotRuntimes;
import io.ftfleet.runtime.LaunchSpec;
import io.ftfleet.runtime.LaunchSpecs;
import io.ftfleet.runtime.RuntimeEvents;
import io.ftfleet.strategy.StrategyCatalog;
import io.ftfleet.user.CurrentUser;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starting, stopping, pausing, reloading and restarting bots. Transactions are short and never wrap a process
 * start or a call to a bot: the desired state is written first, the runtime acts, and what the bot then reports
 * comes back as {@link RuntimeEvents.BotObserved} and becomes the observed state.
 */
@Service
class BotLifecycle implements LaunchSpecs {

    private static final Logger log = LoggerFactory.getLogger(BotLifecycle.class);
    /** Bulk operations touch at most this many bots at once. */
    static final int BULK_PARALLELISM = 4;

    private final BotRepository bots;
    private final BotConfigs configs;
    private final BotRuntimes runtimes;
    private final TradingSwitch tradingSwitch;
    private final ObjectProvider<StrategyCatalog> strategies;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ExecutorService bulk = Executors.newFixedThreadPool(BULK_PARALLELISM, r -> {
        Thread t = new Thread(r, "ftfleet-bulk");
        t.setDaemon(true);
        return t;
    });

    BotLifecycle(BotRepository bots, BotConfigs configs, BotRuntimes runtimes, TradingSwitch tradingSwitch,
            ObjectProvider<StrategyCatalog> strategies, TransactionTemplate tx, Clock clock) {
        this.bots = bots;
        this.configs = configs;
        this.runtimes = runtimes;
        this.tradingSwitch = tradingSwitch;
        this.strategies = strategies;
        this.tx = tx;
        this.clock = clock;
    }

    /** Outcome of one command on one bot (bulk results list one per bot; partial failure is visible). */
    record Result(long botId, String botName, boolean ok, String observedState, String detail) {
    }

    Result start(long id, CurrentUser user) {
        if (!tradingSwitch.enabled()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "trading_disabled",
                    "Trading is globally disabled by administrators.");
        }
        Optional<BotEndpoint> external = externalEndpoint(id, user);
        if (external.isPresent()) {
            desire(id, user, BotStates.Desired.RUNNING);
            return onBot(id, () -> runtimes.external().start(id, external.get()));
        }
        LaunchSpec spec = tx.execute(status -> {
            Bot bot = load(id, user);
            LaunchSpec launch = spec(bot).orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "strategy_missing",
                    "Strategy " + bot.strategyName + " does not exist; create it before starting the bot"));
            bot.desiredState = BotStates.Desired.RUNNING;
            bot.restartRequired = false;
            return launch;
        });
        try {
            runtimes.start(spec);
        } catch (BotRuntimes.WrongState e) {
            throw new ApiException(HttpStatus.CONFLICT, "bot_already_running", "Bot is already running");
        }
        return result(id);
    }

    Result stop(long id, CurrentUser user) {
        desire(id, user, BotStates.Desired.STOPPED);
        Optional<BotEndpoint> external = externalEndpoint(id, user);
        if (external.isPresent()) {
            return onBot(id, () -> runtimes.external().stop(id, external.get()));
        }
        runtimes.stop(id);
        return result(id);
    }

    Result restart(long id, CurrentUser user) {
        if (!tradingSwitch.enabled()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "trading_disabled",
                    "Trading is globally disabled by administrators.");
        }
        desire(id, user, BotStates.Desired.STOPPED);
        runtimes.stop(id);
        return start(id, user);
    }

    Result pause(long id, CurrentUser user) {
        desire(id, user, BotStates.Desired.PAUSED);
        Optional<BotEndpoint> external = externalEndpoint(id, user);
        return onRunning(id, () -> external.ifPresentOrElse(e -> runtimes.external().pause(id, e), () -> runtimes.pause(id)));
    }

    Result resume(long id, CurrentUser user) {
        desire(id, user, BotStates.Desired.RUNNING);
        Optional<BotEndpoint> external = externalEndpoint(id, user);
        return onRunning(id, () -> external.ifPresentOrElse(e -> runtimes.external().resume(id, e), () -> runtimes.resume(id)));
    }

    Result reload(long id, CurrentUser user) {
        Optional<BotEndpoint> external = externalEndpoint(id, user);
        return onRunning(id, () -> external.ifPresentOrElse(e -> runtimes.external().reload(id, e), () -> runtimes.reload(id)));
    }

    /** A client for the bot's own API: the supervised process's, or the external bot's. */
    Optional<FreqtradeClient> client(long id, CurrentUser user) {
        Optional<BotEndpoint> external = externalEndpoint(id, user);
        return external.isPresent() ? external.map(e -> runtimes.external().client(e)) : runtimes.client(id);
    }

    /** The caller's bots (all for admins), by ids or by tag; null selects all of them. */
    List<Result> bulk(List<Long> ids, String tag, CurrentUser user, String action) {
        List<Bot> selected = tx.execute(status -> (user.isAdmin() ? bots.findAll() : bots.findAll().stream()
                .filter(b -> b.ownerId == user.id()).toList()).stream()
                .filter(b -> ids == null || ids.contains(b.id))
                .filter(b -> tag == null || configs.list(b.tags).contains(tag)).toList());
        List<Future<Result>> futures = new ArrayList<>();
        for (Bot bot : selected) {
            futures.add(bulk.submit(() -> {
                try {
                    return switch (action) {
                        case "start" -> start(bot.id, user);
                        case "stop" -> stop(bot.id, user);
                        case "restart" -> restart(bot.id, user);
                        default -> throw new IllegalArgumentException(action);
                    };
                } catch (ApiException e) {
                    return new Result(bot.id, bot.name, false, null, e.getMessage());
                } catch (RuntimeException e) {
                    log.warn("Bulk {} of bot {} failed", action, bot.id, e);
                    return new Result(bot.id, bot.name, false, null, "failed: " + e.getClass().getSimpleName());
                }
            }));
        }
        return collect(futures);
    }

    /**
     * Stops entries on every bot, optionally force-exits their open trades, then stops them; trips the global
     * switch first so nothing starts meanwhile.
     */
    List<Result> emergencyStopAll(boolean forceExit, CurrentUser admin) {
        tradingSwitch.trip("emergency stop by " + admin.username() + (forceExit ? " (force-exit)" : ""), admin.username());
        List<Bot> all = tx.execute(status -> bots.findAll());
        List<Future<Result>> futures = new ArrayList<>();
        for (Bot bot : all) {
            futures.add(bulk.submit(() -> {
                List<String> steps = new ArrayList<>();
                boolean ok = true;
                Optional<BotEndpoint> external = externalEndpoint(bot.id, admin);
                ok &= haltEntries(bot.id, external, forceExit, steps);
                if (external.isPresent()) {
                    ok &= step(steps, "stop", () -> stop(bot.id, admin));
                } else {
                    ok &= step(steps, "stop", () -> {
                        desire(bot.id, admin, BotStates.Desired.STOPPED);
                        runtimes.stop(bot.id);
                    });
                }
                Result now = result(bot.id);
                return new Result(bot.id, bot.name, ok, now.observedState(), String.join(", ", steps));
            }));
        }
        return collect(futures);
    }

    /**
     * The emergency stop's first steps on one bot: stop entries (Freqtrade's stopentry) and, when asked, force-exit
     * its open trades. A local bot that is not running is left alone.
     */
    private boolean haltEntries(long botId, Optional<BotEndpoint> external, boolean forceExit, List<String> steps) {
        boolean ok = true;
        if (external.isPresent()) {
            ok &= step(steps, "stopentry", () -> runtimes.external().pause(botId, external.get()));
            if (forceExit) {
                ok &= step(steps, "forceexit", () -> runtimes.external().client(external.get()).forceExit("all"));
            }
        } else if (runtimes.isAlive(botId)) {
            ok &= step(steps, "stopentry", () -> runtimes.pause(botId));
            if (forceExit) {
                ok &= step(steps, "forceexit", () -> runtimes.forceExitAll(botId));
            }
        }
        return ok;
    }

    /**
     * A drawdown guard fired (the trading switch is already tripped): stop entries on exactly its bots through the
     * emergency stop's path. The bots keep running and managing their open trades; nothing else is touched.
     */
    @EventListener
    void on(DrawdownGuardTripped tripped) {
        List<Future<Result>> futures = new ArrayList<>();
        for (long id : tripped.botIds()) {
            futures.add(bulk.submit(() -> {
                List<String> steps = new ArrayList<>();
                Optional<Bot> bot = tx.execute(status -> bots.findById(id));
                if (bot.isEmpty()) {
                    return new Result(id, null, false, null, "deleted");
                }
                Optional<BotEndpoint> external = tx.execute(status -> configs.externalEndpoint(bot.get()));
                boolean ok = haltEntries(id, external, tripped.forceExit(), steps);
                return new Result(id, bot.get().name, ok, null, String.join(", ", steps));
            }));
        }
        for (Result r : collect(futures)) {
            if (r.ok()) {
                log.info("Drawdown guard '{}': bot {} {}", tripped.guardName(), r.botId(), r.detail());
            } else {
                log.warn("Drawdown guard '{}': bot {} {}", tripped.guardName(), r.botId(), r.detail());
            }
        }
    }

    @Override
    public Optional<LaunchSpec> specFor(long botId) {
        return tx.execute(status -> bots.findById(botId).filter(b -> !"external".equals(b.runtime)).flatMap(this::spec));
    }

    private Optional<BotEndpoint> externalEndpoint(long id, CurrentUser user) {
        return tx.execute(status -> configs.externalEndpoint(load(id, user)));
    }

    private Result onBot(long id, Runnable command) {
        try {
            command.run();
        } catch (BotCallFailed e) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "bot_refused", "The bot refused or did not answer: "
                    + (e instanceof io.ftfleet.freqtrade.BotRejected r ? r.botMessage() : e.getClass().getSimpleName()));
        }
        return result(id);
    }

    /** Records what the runtime observed; runs on runtime threads, in its own short transaction. */
    @EventListener
    void on(RuntimeEvents.BotObserved event) {
        tx.executeWithoutResult(status -> bots.findById(event.botId()).ifPresent(bot -> {
            BotStates.Observed state = observed(event.state());
            if (state == null) {
                return;
            }
            bot.observedState = state;
            bot.observedAt = clock.instant();
            bot.observedReason = reason(event.reason(), event.logTail());
            boolean alive = state == BotStates.Observed.RUNNING || state == BotStates.Observed.PAUSED
                    || state == BotStates.Observed.STARTING || state == BotStates.Observed.STOPPING;
            bot.pid = alive && event.pid() != null ? event.pid().intValue() : null;
            bot.port = alive ? event.port() : null;
        }));
    }

    @PreDestroy
    void shutdown() {
        bulk.shutdownNow();
    }

    /** The reason first, then as much of the log tail as fits the column, keeping its last lines. */
    static String reason(String reason, List<String> logTail) {
        String head = reason == null ? "" : reason.length() > 500 ? reason.substring(0, 500) : reason;
        if (logTail.isEmpty()) {
            return head;
        }
        String tail = String.join("\n", logTail);
        int room = 2000 - head.length() - 1;
        return head + "\n" + (tail.length() <= room ? tail : tail.substring(tail.length() - room));
    }

    /** The pinned version if set, else the current one (which then becomes pinned). */
    private Optional<LaunchSpec> spec(Bot bot) {
        StrategyCatalog catalog = strategies.getIfAvailable();
        if (catalog == null) {
            return Optional.empty();
        }
        Optional<Long> versionId = Optional.ofNullable(bot.strategyVersionId).or(() -> catalog.currentVersionId(bot.strategyName));
        Optional<StrategyCatalog.VersionSource> source = versionId.flatMap(catalog::source);
        if (source.isEmpty()) {
            return Optional.empty();
        }
        if (!source.get().valid()) {
            throw new ApiException(HttpStatus.CONFLICT, "strategy_invalid", "Version " + source.get().version()
                    + " of strategy " + bot.strategyName + " does not pass validation; fix it or pin another version");
        }
        bot.strategyVersionId = source.get().versionId();
        return Optional.of(new LaunchSpec(bot.id, bot.name, configs.forLaunch(bot), bot.strategyName,
                source.get().code(), bot.restartPolicy,
                configs.model(bot).map(FreqaiCatalog.ModelRef::artefacts).orElse(java.util.Map.of())));
    }

    private void desire(long id, CurrentUser user, BotStates.Desired desired) {
        tx.executeWithoutResult(status -> load(id, user).desiredState = desired);
    }

    private Result onRunning(long id, Runnable command) {
        try {
            command.run();
        } catch (BotRuntimes.WrongState e) {
            throw new ApiException(HttpStatus.CONFLICT, "bot_not_running", "Bot is not running");
        } catch (io.ftfleet.freqtrade.BotRejected e) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "bot_refused", "The bot refused: " + e.botMessage());
        } catch (RuntimeException e) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "bot_refused", "The bot refused: " + e.getMessage());
        }
        return result(id);
    }

    private Result result(long id) {
        return tx.execute(status -> bots.findById(id)
                .map(b -> new Result(b.id, b.name, true, b.observedState.value(), b.observedReason))
                .orElseThrow(() -> ApiException.notFound("bot_not_found", "Bot not found")));
    }

    private Bot load(long id, CurrentUser user) {
        return bots.findById(id).filter(b -> user.isAdmin() || b.ownerId == user.id())
                .orElseThrow(() -> ApiException.notFound("bot_not_found", "Bot not found"));
    }

    private static boolean step(List<String> steps, String name, Runnable action) {
        try {
            action.run();
            steps.add(name + " ok");
            return true;
        } catch (RuntimeException e) {
            steps.add(name + " failed: " + e.getMessage());
            return false;
        }
    }

    private static List<Result> collect(List<Future<Result>> futures) {
        List<Result> results = new ArrayList<>();
        for (Future<Result> f : futures) {
            try {
                results.add(f.get());
            } catch (Exception e) {
                results.add(new Result(-1, null, false, null, "interrupted"));
            }
        }
        return results;
    }

    private static BotStates.Observed observed(String state) {
        for (BotStates.Observed s : BotStates.Observed.values()) {
            if (s.value().equals(state)) {
                return s;
            }
        }
        return null;
    }


}
