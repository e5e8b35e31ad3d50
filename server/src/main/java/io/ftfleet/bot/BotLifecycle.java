package io.ftfleet.bot;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import io.ftfleet.core.ApiException;
import io.ftfleet.freqai.FreqaiCatalog;
import io.ftfleet.freqtrade.BotCallFailed;
import io.ftfleet.freqtrade.BotEndpoint;
import io.ftfleet.freqtrade.FreqtradeClient;
import io.ftfleet.risk.DrawdownGuardTripped;
import io.ftfleet.risk.TradingSwitch;
import io.ftfleet.runtime.BotIntent;
import io.ftfleet.runtime.BotPlacement;
import io.ftfleet.runtime.BotRuntimes;
import io.ftfleet.runtime.DesiredState;
import io.ftfleet.runtime.LaunchSpec;
import io.ftfleet.runtime.LaunchSpecs;
import io.ftfleet.runtime.ObservedState;
import io.ftfleet.runtime.RestartPolicy;
import io.ftfleet.runtime.RuntimeEvents;
import io.ftfleet.strategy.StrategyCatalog;
import io.ftfleet.user.CurrentUser;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Starting, stopping, pausing, reloading and restarting bots. The desired state is written first (short
 * transactions, never around a process start or a call to a bot); the runtime's reconciler for the bot then acts on
 * it, and what the bot reports comes back as {@link RuntimeEvents.BotObserved} and becomes the observed state.
 * Implements {@link LaunchSpecs}: the reconciler reads each bot's intent (desired state, restart policy, trading
 * switch) from here afresh at every pass.
 */
@Service
class BotLifecycle implements LaunchSpecs {

    private static final Logger log = LoggerFactory.getLogger(BotLifecycle.class);
    /** Bulk start/stop/restart touch at most this many bots at once (each one spawns or ends a process). */
    static final int BULK_PARALLELISM = 4;
    /** The emergency stop's stopentry/force-exit fan-out: one HTTP call per bot, seconds matter. */
    static final int EMERGENCY_PARALLELISM = 64;
    /** A write of one bot's row that keeps clashing with the supervisor this often is a real fault, not a race. */
    private static final int WRITE_ATTEMPTS = 20;

    private final BotRepository bots;
    private final BotConfigs configs;
    private final BotRuntimes runtimes;
    private final TradingSwitch tradingSwitch;
    private final ObjectProvider<StrategyCatalog> strategies;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final LiveGate liveGate;
    private final ExecutorService bulk = Executors.newFixedThreadPool(BULK_PARALLELISM, daemon("ftfleet-bulk"));
    private final ExecutorService emergency = Executors.newFixedThreadPool(EMERGENCY_PARALLELISM,
            daemon("ftfleet-emergency"));

    BotLifecycle(BotRepository bots, BotConfigs configs, BotRuntimes runtimes, TradingSwitch tradingSwitch,
            ObjectProvider<StrategyCatalog> strategies, TransactionTemplate tx, Clock clock,
            org.springframework.context.ApplicationEventPublisher events, LiveGate liveGate) {
        this.events = events;
        this.liveGate = liveGate;
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
        return audited(id, "start", () -> startNow(id, user));
    }

    private Result startNow(long id, CurrentUser user) {
        requireRecovered();
        requireTrading();
        load(id, user);
        if (runtimes.isAlive(id)) {
            throw new ApiException(HttpStatus.CONFLICT, "bot_already_running", "Bot is already running");
        }
        checkStartable(id);
        tx.executeWithoutResult(status -> {
            Bot bot = load(id, user);
            // In the transaction that writes the desired state: an edit to live racing this start clashes on the
            // row's version instead of slipping in between the check and the launch (see Bots#gateLiveEdit).
            liveGate.check(bot);
            bot.desiredState = DesiredState.RUNNING;
            bot.restartRequired = false;
        });
        return command(id, "start", () -> runtimes.start(id), "bot_already_running", "Bot is already running");
    }

    Result stop(long id, CurrentUser user) {
        return audited(id, "stop", () -> {
            requireRecovered();
            desire(id, user, DesiredState.STOPPED);
            return command(id, "stop", () -> runtimes.stop(id), "bot_not_running", "Bot is not running");
        });
    }

    /** Checks that the bot can start (trading switch, launch buildable) before it stops anything. */
    Result restart(long id, CurrentUser user) {
        return audited(id, "restart", () -> restartNow(id, user));
    }

    private Result restartNow(long id, CurrentUser user) {
        requireRecovered();
        requireTrading();
        load(id, user);
        checkStartable(id);
        boolean alive = runtimes.isAlive(id);
        tx.executeWithoutResult(status -> {
            Bot bot = load(id, user);
            if (!alive) {
                liveGate.check(bot); // a restart of a stopped bot is a start
            }
            if (bot.desiredState == DesiredState.STOPPED) {
                bot.desiredState = DesiredState.RUNNING;
            }
            bot.restartRequired = false;
        });
        return command(id, "restart", () -> runtimes.restart(id), "bot_not_running", "Bot is not running");
    }

    Result pause(long id, CurrentUser user) {
        return audited(id, "pause", () -> {
            requireRecovered();
            requireReachable(id, user);
            desire(id, user, DesiredState.PAUSED);
            return onRunning(id, "pause", () -> runtimes.pause(id));
        });
    }

    /** Entries again; refused while trading is disabled (a resumed bot would open trades). */
    Result resume(long id, CurrentUser user) {
        return audited(id, "resume", () -> {
            requireRecovered();
            requireTrading();
            requireReachable(id, user);
            desire(id, user, DesiredState.RUNNING);
            return onRunning(id, "resume", () -> runtimes.resume(id));
        });
    }

    /** Re-reads the config; a paused bot, or any bot while trading is disabled, comes back with entries stopped. */
    Result reload(long id, CurrentUser user) {
        return audited(id, "reload", () -> {
            requireRecovered();
            requireReachable(id, user);
            return onRunning(id, "reload", () -> runtimes.reload(id));
        });
    }

    /**
     * Every lifecycle command is recorded, whatever its outcome, on the thread that runs it: the caller's, or a bulk
     * pool thread that carries the caller's security context and request ({@link #asCaller}), so the entry names
     * the user, their address and the request id. A bot the caller cannot see (404) is not recorded: nothing was
     * attempted on it.
     */
    private Result audited(long id, String command, java.util.function.Supplier<Result> run) {
        try {
            Result result = run.get();
            events.publishEvent(new BotCommands.Sent(id, command, java.util.Map.of(), true, null));
            return result;
        } catch (ApiException e) {
            if (e.status() != HttpStatus.NOT_FOUND) {
                events.publishEvent(new BotCommands.Sent(id, command, java.util.Map.of(), false, e.getMessage()));
            }
            throw e;
        }
    }

    /** Force-enter goes through here so it respects the trading switch and a pause. */
    void requireEntriesAllowed(long id, CurrentUser user) {
        requireTrading();
        DesiredState desired = tx.execute(status -> load(id, user).desiredState);
        if (desired == DesiredState.PAUSED) {
            throw new ApiException(HttpStatus.CONFLICT, "bot_paused", "Bot is paused; resume it before entering trades");
        }
    }

    /** A client for the bot's own API: the supervised process's, or the external bot's. */
    /**
     * The bot's own API for a read-through route, once the caller may see the bot; 409 saying why there is none
     * (not running, or an external address refused now: the caller learns which).
     */
    FreqtradeClient client(long id, CurrentUser user) {
        load(id, user);
        try {
            return runtimes.requireClient(id);
        } catch (BotRuntimes.AddressRefused e) {
            throw new ApiException(HttpStatus.CONFLICT, "external_url_refused", e.getMessage());
        } catch (BotRuntimes.WrongState e) {
            throw new ApiException(HttpStatus.CONFLICT, "bot_not_running", "Bot is not running");
        }
    }

    /** The caller's bots (all for admins), by ids or by tag; null selects all of them. */
    List<Result> bulk(List<Long> ids, String tag, CurrentUser user, String action) {
        requireRecovered();
        List<Bot> selected = tx.execute(status -> (user.isAdmin() ? bots.findAll() : bots.findAll().stream()
                .filter(b -> b.ownerId == user.id()).toList()).stream()
                .filter(b -> ids == null || ids.contains(b.id))
                .filter(b -> tag == null || configs.list(b.tags).contains(tag)).toList());
        List<Future<Result>> futures = new ArrayList<>();
        for (Bot bot : selected) {
            futures.add(bulk.submit(asCaller(() -> {
                try {
                    return switch (action) {
                        case "start" -> start(bot.id, user);
                        case "stop" -> stop(bot.id, user);
                        case "restart" -> restart(bot.id, user);
                        case "pause" -> pause(bot.id, user);
                        case "resume" -> resume(bot.id, user);
                        default -> throw new IllegalArgumentException(action);
                    };
                } catch (ApiException e) {
                    return new Result(bot.id, bot.name, false, null, e.getMessage());
                } catch (RuntimeException e) {
                    return new Result(bot.id, bot.name, false, null, "failed: "
                            + BotCallErrors.describe(bot.id, action, e));
                }
            })));
        }
        return collect(futures);
    }

    /**
     * Trips the global switch (nothing starts meanwhile), stops entries on every bot at once (and force-exits
     * their open trades when asked), and only then stops them, one result per bot.
     */
    List<Result> emergencyStopAll(boolean forceExit, CurrentUser admin) {
        requireRecovered();
        long started = System.nanoTime();
        tradingSwitch.trip("emergency stop by " + admin.username() + (forceExit ? " (force-exit)" : ""), admin.username());
        List<Bot> all = tx.execute(status -> bots.findAll());
        // Desired state first: a bot that crashes or is relaunched from now on stays stopped.
        desireStopped(all.stream().map(b -> b.id).toList());
        long desired = System.nanoTime();
        // The operator's figure: when the last bot was told to stop entries (the point of an emergency stop).
        AtomicInteger halted = new AtomicInteger();
        // Placements from the rows just read: the fan-out makes one call per bot and reads nothing per bot. Measured
        // before (JFR, 1,000 bots): each halt read the bot's row twice and wrote its observation (audit, event
        // stream) in between, and the 64 threads queued on the 10 database connections for longer than on the bots.
        List<BotPlacement> placements = all.stream().map(configs::placement).toList();
        List<Future<List<String>>> halts = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            long id = all.get(i).id;
            BotPlacement placement = placements.get(i);
            halts.add(emergency.submit(asCaller(() -> {
                List<String> steps = new ArrayList<>();
                // By the bot's last answer: one call per bot, and the stop follows at once should it be stale.
                haltEntries(id, placement, forceExit, false, steps);
                if (halted.incrementAndGet() == all.size()) {
                    log.info("Emergency stop: desired state stopped written on {} bots in {} ms; entries halted on all"
                            + " of them {} ms after the request", all.size(), millis(started, desired),
                            millis(started, System.nanoTime()));
                }
                return steps;
            })));
        }
        List<Future<Result>> stops = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Bot bot = all.get(i);
            Future<List<String>> halt = halts.get(i);
            stops.add(emergency.submit(asCaller(() -> {
                List<String> steps = new ArrayList<>(await(halt));
                boolean ok = steps.stream().noneMatch(step -> step.contains("failed"));
                ok &= step(steps, bot.id, "stop", () -> runtimes.stop(bot.id));
                Result now = result(bot.id);
                return new Result(bot.id, bot.name, ok, now.observedState(), String.join(", ", steps));
            })));
        }
        List<Result> results = collect(stops);
        events.publishEvent(new BotCommands.EmergencyStopped(forceExit, results.size(),
                results.stream().filter(r -> !r.ok()).map(Result::botId).toList()));
        log.info("Emergency stop: {} bots stopped ({} not ok) {} ms after the request", results.size(),
                results.stream().filter(r -> !r.ok()).count(), millis(started, System.nanoTime()));
        return results;
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    /**
     * Writes desired state stopped on every bot. The supervisor writes the same rows (observed state, PID) at any
     * moment, so one transaction over all of them can lose an optimistic-lock race; an emergency stop must not answer
     * 409 for that. On a clash, each bot is written in its own transaction and retried on a fresh read.
     */
    private void desireStopped(List<Long> ids) {
        try {
            tx.executeWithoutResult(status -> bots.findAllById(ids).forEach(b -> b.desiredState = DesiredState.STOPPED));
            return;
        } catch (OptimisticLockingFailureException clash) {
            log.info("Emergency stop: a bot row changed meanwhile; writing desired state bot by bot");
        }
        for (long id : ids) {
            writeOneBot(() -> bots.findById(id).ifPresent(b -> b.desiredState = DesiredState.STOPPED));
        }
    }

    /**
     * One bot's row written in its own transaction. The supervisor may write the same row (observed state, PID)
     * between this read and its commit; the write is then retried on a fresh read, so a stop or pause never fails
     * (or leaves a bot running) for a clash with the bot's own reports.
     */
    private void writeOneBot(Runnable write) {
        for (int attempt = 1;; attempt++) {
            try {
                tx.executeWithoutResult(status -> write.run());
                return;
            } catch (OptimisticLockingFailureException clash) {
                if (attempt == WRITE_ATTEMPTS) {
                    throw clash;
                }
            }
        }
    }

    /**
     * The emergency stop's first steps on one bot: stop entries (Freqtrade's stopentry) and, when asked, force-exit
     * its open trades. A local bot that is not running is left alone, and so is an external bot that says it is
     * stopped: {@code /pause} would start a stopped Freqtrade 2025.4+ bot (in the paused state).
     */
    private boolean haltEntries(long botId, BotPlacement placement, boolean forceExit, boolean readStateFirst,
            List<String> steps) {
        boolean ok = true;
        if (runtimes.reachable(botId, placement)) {
            try {
                steps.add(runtimes.stopEntriesNow(botId, placement, readStateFirst) ? "stopentry ok"
                        : "stopentry skipped: the bot is stopped");
            } catch (RuntimeException e) {
                steps.add("stopentry failed: " + BotCallErrors.describe(botId, "stopentry", e));
                ok = false;
            }
            if (forceExit) {
                ok &= step(steps, botId, "forceexit", () -> runtimes.forceExitNow(botId, placement));
            }
        }
        return ok;
    }

    /**
     * A drawdown guard fired (the trading switch is already tripped): exactly its bots are halted — desired state
     * paused, so a crash or reload brings them back with entries stopped — and their entries stopped now. They keep
     * running and managing their open trades; nothing else is touched.
     */
    @EventListener
    void on(DrawdownGuardTripped tripped) {
        List<Future<Result>> futures = new ArrayList<>();
        for (long id : tripped.botIds()) {
            futures.add(emergency.submit(asCaller(() -> {
                List<String> steps = new ArrayList<>();
                Optional<Bot> bot = tx.execute(status -> {
                    Optional<Bot> found = bots.findById(id);
                    found.filter(b -> b.desiredState == DesiredState.RUNNING)
                            .ifPresent(b -> b.desiredState = DesiredState.PAUSED);
                    return found;
                });
                if (bot.isEmpty()) {
                    return new Result(id, null, false, null, "deleted");
                }
                BotPlacement placement = configs.placement(bot.get());
                // Its state read first: nothing follows a guard's halt, so a stale "running" would start a stopped bot.
                boolean ok = haltEntries(id, placement, tripped.forceExit(), true, steps);
                if (ok) {
                    // Nothing follows a guard's halt (the bots keep running), so what the bot now says is shown at once.
                    runtimes.reportNow(id, placement);
                }
                return new Result(id, bot.get().name, ok, null, String.join(", ", steps));
            })));
        }
        for (Result r : collect(futures)) {
            if (r.ok()) {
                log.info("Drawdown guard '{}': bot {} {}", tripped.guardName(), r.botId(), r.detail());
            } else {
                log.warn("Drawdown guard '{}': bot {} {}", tripped.guardName(), r.botId(), r.detail());
            }
        }
    }

    /** A deleted bot: its reconciler stops any process of it (even one a pending restart just spawned). */
    @TransactionalEventListener
    void on(BotEvents.BotDeleted deleted) {
        runtimes.forget(deleted.botId());
    }

    /** An edit (restart policy, ...) takes effect at the bot's next reconcile: now. */
    @TransactionalEventListener
    void on(BotEvents.BotUpdated updated) {
        runtimes.reconcile(updated.botId());
    }

    @Override
    public Optional<LaunchSpec> specFor(long botId) {
        return tx.execute(status -> bots.findById(botId).filter(b -> !"external".equals(b.runtime)).map(this::launchable));
    }

    @Override
    public Optional<BotIntent> intentFor(long botId) {
        Optional<Bot> bot = tx.execute(status -> bots.findById(botId).filter(b -> !"external".equals(b.runtime)));
        if (bot.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new BotIntent(bot.get().desiredState, RestartPolicy.of(bot.get().restartPolicy), tradingSwitch.enabled()));
    }

    @Override
    public Optional<BotPlacement> placementFor(long botId) {
        return tx.execute(status -> bots.findById(botId).map(configs::placement));
    }

    /**
     * A command whose outcome is what the bot then reports; the bot's refusal is a 502 in its own words, any other
     * failure a 502 in plain words (the cause is logged).
     */
    private Result command(long id, String name, Runnable command, String wrongStateCode, String wrongStateMessage) {
        try {
            command.run();
        } catch (BotRuntimes.AddressRefused e) {
            throw new ApiException(HttpStatus.CONFLICT, "external_url_refused", e.getMessage());
        } catch (BotRuntimes.WrongState e) {
            throw new ApiException(HttpStatus.CONFLICT, wrongStateCode, wrongStateMessage);
        } catch (BotRuntimes.Recovering e) {
            throw recovering();
        } catch (BotCallFailed e) {
            throw BotCallErrors.toApi(id, name, e);
        }
        return result(id);
    }

    private void checkStartable(long id) {
        try {
            runtimes.checkStartable(id);
        } catch (BotRuntimes.NotStartable e) {
            throw new ApiException(HttpStatus.CONFLICT, "strategy_missing", "Cannot start the bot: " + e.getMessage());
        }
    }

    /** Pause, resume and reload need a bot that can be reached (a local bot: its process alive). */
    private void requireReachable(long id, CurrentUser user) {
        load(id, user);
        if (!runtimes.reachable(id)) {
            throw new ApiException(HttpStatus.CONFLICT, "bot_not_running", "Bot is not running");
        }
    }

    private void requireRecovered() {
        if (!runtimes.recovered()) {
            throw recovering();
        }
    }

    private static ApiException recovering() {
        return ApiException.unavailable("recovering", "The server is still recovering its bots after a start; "
                + "try again shortly", BotRuntimes.RETRY_AFTER_RECOVERY);
    }

    private void requireTrading() {
        if (!tradingSwitch.enabled()) {
            throw tradingDisabled();
        }
    }

    private static ApiException tradingDisabled() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "trading_disabled",
                "Trading is globally disabled by administrators.");
    }

    /** The pinned strategy version must exist and be valid, else a 409 saying which. */
    private LaunchSpec launchable(Bot bot) {
        return spec(bot).orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "strategy_missing",
                "Strategy " + bot.strategyName + " does not exist; create it before starting the bot"));
    }

    /**
     * A task for a pool thread that carries the caller's security context, request and logging context (the request
     * id), so what it audits names the initiating user, address and request, and what it logs carries the request id.
     */
    private static <T> Callable<T> asCaller(Callable<T> task) {
        SecurityContext security = SecurityContextHolder.getContext();
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        java.util.Map<String, String> mdc = MDC.getCopyOfContextMap();
        return () -> {
            SecurityContext before = SecurityContextHolder.getContext();
            RequestAttributes beforeRequest = RequestContextHolder.getRequestAttributes();
            java.util.Map<String, String> beforeMdc = MDC.getCopyOfContextMap();
            SecurityContextHolder.setContext(security);
            RequestContextHolder.setRequestAttributes(request);
            restore(mdc);
            try {
                return task.call();
            } finally {
                SecurityContextHolder.setContext(before);
                RequestContextHolder.setRequestAttributes(beforeRequest);
                restore(beforeMdc);
            }
        };
    }

    private static void restore(java.util.Map<String, String> mdc) {
        if (mdc == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(mdc);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Records what the runtime observed; runs on runtime threads, in its own short transaction. */
    @EventListener
    void on(RuntimeEvents.BotObserved event) {
        tx.executeWithoutResult(status -> bots.findById(event.botId()).ifPresent(bot -> {
            ObservedState state = event.state();
            bot.observedState = state;
            bot.observedAt = clock.instant();
            bot.observedReason = reason(event.reason(), event.logTail());
            boolean alive = state.alive();
            bot.pid = alive && event.pid() != null ? event.pid().intValue() : null;
            bot.port = alive ? event.port() : null;
        }));
    }

    @PreDestroy
    void shutdown() {
        bulk.shutdownNow();
        emergency.shutdownNow();
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
        return Optional.of(new LaunchSpec(bot.id, bot.name, configs.forLaunch(bot), configs.launchSecrets(bot),
                bot.strategyName, source.get().code(),
                configs.model(bot).map(FreqaiCatalog.ModelRef::artefacts).orElse(java.util.Map.of())));
    }

    private void desire(long id, CurrentUser user, DesiredState desired) {
        writeOneBot(() -> load(id, user).desiredState = desired);
    }

    /** Pause, resume, reload: failures as in {@link #command}; an unexpected one is logged, never shown. */
    private Result onRunning(long id, String name, Runnable command) {
        try {
            command.run();
        } catch (BotRuntimes.AddressRefused e) {
            throw new ApiException(HttpStatus.CONFLICT, "external_url_refused", e.getMessage());
        } catch (BotRuntimes.WrongState e) {
            throw new ApiException(HttpStatus.CONFLICT, "bot_not_running", "Bot is not running");
        } catch (BotRuntimes.Recovering e) {
            throw recovering();
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw BotCallErrors.toApi(id, name, e);
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

    /** One step on one bot; a failure is listed in plain words ("failed" marks it) and its cause logged. */
    private static boolean step(List<String> steps, long botId, String name, Runnable action) {
        try {
            action.run();
            steps.add(name + " ok");
            return true;
        } catch (RuntimeException e) {
            steps.add(name + " failed: " + BotCallErrors.describe(botId, name, e));
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
}
