package io.ftfleet.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ftfleet.core.DataDirectory;
import io.ftfleet.core.SecretBox;
import io.ftfleet.core.Secrets;
import io.ftfleet.freqtrade.BotEndpoint;
import io.ftfleet.strategy.StrategyNames;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs bots as local processes of the configured Freqtrade command, level-triggered: one reconciler per bot.
 *
 * <p>Each bot has a serial queue (an actor on a shared pool): process exits, restart timers, route commands and
 * the start-up recovery only <em>enqueue</em> work for the bot, and the queue runs one piece at a time, so two
 * actions never happen to one bot at once. A reconcile reads the bot's stored intent afresh ({@link BotIntent}:
 * desired state, restart policy, trading switch), looks at the process and the bot's own API, and acts: launch,
 * stop entries, stop, wait out back-off. A deleted or stopped bot's process is stopped, never relaunched.
 *
 * <p>Each bot gets {@code <data>/bots/<id>/} with an owner-only {@code config.json} that holds no secret (secrets
 * go by environment, or through {@code secrets.json}, which exists only until the bot has read it), its
 * {@code user_data/}, its SQLite trade database and log files. Output goes to files, so bots outlive a server
 * restart and are re-adopted.
 */
@Component
class LocalRuntime {

    private static final Logger log = LoggerFactory.getLogger(LocalRuntime.class);
    static final String KIND = "local";
    static final int LOG_TAIL = 30;
    static final String SECRETS_FILE = "secrets.json";
    private static final Duration START_POLL = Duration.ofMillis(250);
    private static final Duration UNREACHABLE_RETRY = Duration.ofSeconds(2);
    private static final Pattern ENV_SEGMENT = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)*");
    private static final List<String> API_SECRETS = List.of("password", "jwt_secret_key", "ws_token");

    private final RuntimeProperties.Local settings;
    private final BotApi api;
    private final BotProcessStore store;
    private final SecretBox secretBox;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final FreqtradeExecutable executable;
    private final ObjectProvider<LaunchSpecs> specs;
    private final Path botsRoot;
    private final Pattern botConfigInCommand;
    private final Map<Long, Slot> slots = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(daemon("ftfleet-supervisor"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("ftfleet-supervisor-timer"));

    /**
     * Test seam: runs on the bot's queue around the spawn of its process, so a test can hold a launch right there
     * (a stop racing it) or act on the new process before it reports running. Nothing in production sets it.
     */
    interface SpawnSeam {
        SpawnSeam NONE = new SpawnSeam() {
        };

        default void beforeSpawn(long botId) {
        }

        default void spawned(long botId, long pid) {
        }
    }

    volatile SpawnSeam spawnSeam = SpawnSeam.NONE;

    LocalRuntime(RuntimeProperties properties, BotApi api, BotProcessStore store, SecretBox secretBox, JsonMapper json,
            ApplicationEventPublisher events, Clock clock, DataDirectory dataDirectory, FreqtradeExecutable executable,
            ObjectProvider<LaunchSpecs> specs) {
        this.settings = properties.local();
        this.api = api;
        this.store = store;
        this.secretBox = secretBox;
        this.json = json;
        this.events = events;
        this.clock = clock;
        this.executable = executable;
        this.specs = specs;
        this.botsRoot = dataDirectory.root().resolve("bots");
        this.botConfigInCommand = Pattern.compile(Pattern.quote(botsRoot.toString()) + "/(\\d+)/config\\.json");
    }

    /** Where a bot is in its supervision; only the bot's own queue reads or changes it. */
    enum Phase {
        /** Not running and nothing pending (never started, stopped, or the start was refused). */
        IDLE,
        /** Spawned; waiting for its API to say running. */
        STARTING,
        /** Its API said running (or paused) at the last look. */
        RUNNING,
        /** Alive (PID and command line match) but its API does not answer: retried, never launched beside. */
        UNREACHABLE,
        /** Exited; relaunch due at {@link Slot#backoffUntil}. */
        BACKOFF,
        /** Left alone (crash-loop limit, restart policy, failed start) until the owner starts it again. */
        GAVE_UP
    }

    /** One bot's supervision. Fields are touched only on the bot's queue, except the volatile ones. */
    private final class Slot {
        final long botId;
        final SerialQueue queue = new SerialQueue(pool);
        final AtomicBoolean reconcilePending = new AtomicBoolean();
        final RestartBackoff backoff = new RestartBackoff(settings.backoffBase(), settings.backoffMax(),
                settings.crashLimit(), settings.crashWindow());
        volatile ProcessHandle handle;
        volatile BotEndpoint endpoint;
        Process process;
        Phase phase = Phase.IDLE;
        Instant startDeadline;
        Instant backoffUntil;
        /** The current launch is the owner's start (an exit before running is then a failed start, not a crash). */
        boolean ownerStart;
        /** Entries were stopped at launch or since (config.json says max_open_trades 0). */
        boolean entriesStopped;
        /** Reason for the next observation (e.g. "adopted after server restart"). */
        String pendingReason;
        ObservedState lastState;
        ScheduledFuture<?> timer;

        Slot(long botId) {
            this.botId = botId;
        }

        boolean alive() {
            ProcessHandle h = handle;
            return h != null && h.isAlive();
        }
    }

    /** Runs tasks one at a time, in order, on a shared pool. */
    static final class SerialQueue {
        private final ExecutorService pool;
        private final java.util.ArrayDeque<Runnable> tasks = new java.util.ArrayDeque<>();
        private boolean draining;

        SerialQueue(ExecutorService pool) {
            this.pool = pool;
        }

        void submit(Runnable task) {
            synchronized (this) {
                tasks.add(task);
                if (draining) {
                    return;
                }
                draining = true;
            }
            pool.execute(this::drain);
        }

        private void drain() {
            while (true) {
                Runnable task;
                synchronized (this) {
                    task = tasks.poll();
                    if (task == null) {
                        draining = false;
                        return;
                    }
                }
                try {
                    task.run();
                } catch (Throwable t) {
                    // Never let one failure end the queue: the next reconcile looks again.
                    log.error("Supervisor task failed", t);
                }
            }
        }
    }

    Path botDir(long botId) {
        return botsRoot.resolve(Long.toString(botId));
    }

    Path logFile(long botId) {
        return botDir(botId).resolve("freqtrade.log");
    }

    boolean isAlive(long botId) {
        Slot s = slots.get(botId);
        return s != null && s.alive();
    }

    Optional<BotEndpoint> endpoint(long botId) {
        Slot s = slots.get(botId);
        return s == null || !s.alive() ? Optional.empty() : Optional.ofNullable(s.endpoint);
    }

    private Slot slot(long botId) {
        return slots.computeIfAbsent(botId, Slot::new);
    }

    // ---------------------------------------------------------------- commands (each one runs on the bot's queue)

    /** Enqueues a reconcile of the bot (coalesced: one pending reconcile per bot is enough). */
    void reconcile(long botId) {
        enqueue(slot(botId));
    }

    private void enqueue(Slot s) {
        if (s.reconcilePending.compareAndSet(false, true)) {
            s.queue.submit(() -> {
                s.reconcilePending.set(false);
                try {
                    reconcileNow(s);
                } catch (RuntimeException e) {
                    // Whatever failed (a bookkeeping write, a listener of an event), the bot is looked at again:
                    // supervision never ends on an exception, and the next pass redoes what this one did not.
                    log.warn("Reconciling bot {} failed; looking again shortly", s.botId, e);
                    schedule(s, UNREACHABLE_RETRY);
                }
            });
        }
    }

    /** The owner's start: a clean crash history and a launch, unless a process of the bot is alive. */
    void start(LaunchSpec spec) {
        Slot s = slot(spec.botId());
        call(s, () -> {
            if (s.alive()) {
                throw new BotRuntimes.WrongState("Bot is already running");
            }
            cancelTimer(s);
            s.backoff.reset();
            s.phase = Phase.IDLE;
            launch(s, spec, intent(s).orElse(new BotIntent(DesiredState.RUNNING, RestartPolicy.NEVER, true)), true);
            return null;
        });
    }

    /** Stops the bot's process tree (the desired state is already stopped); answers once it is gone. */
    void stop(long botId) {
        Slot s = slot(botId);
        call(s, () -> {
            stopProcess(s, "stop requested");
            return null;
        });
    }

    /** Stop, then launch, as one step of the bot's queue (the caller checked that it can start). */
    void restart(LaunchSpec spec) {
        Slot s = slot(spec.botId());
        call(s, () -> {
            stopProcess(s, "restart requested");
            s.backoff.reset();
            launch(s, spec, intent(s).orElse(new BotIntent(DesiredState.RUNNING, RestartPolicy.NEVER, true)), true);
            return null;
        });
    }

    /**
     * Stop entries: config.json gets max_open_trades 0 (so a reload or relaunch keeps it, on either generation) and
     * the bot {@code /pause} (2025.4+) or {@code /stopentry} (older), as its own answers say.
     */
    void pause(long botId) {
        Slot s = slot(botId);
        call(s, () -> {
            requireRunning(s);
            stopEntries(s, "entries stopped");
            return null;
        });
    }

    /**
     * Entries again. The config is rewritten with its own max_open_trades; a bot that says {@code paused}
     * (Freqtrade 2025.4+) then takes {@code /start}, any other (a 2.40 stopentry, or launched with max_open_trades
     * 0) reloads the config: on those only a reload re-enables entries.
     */
    void resume(long botId) {
        Slot s = slot(botId);
        call(s, () -> {
            requireRunning(s);
            if (api.status(s.endpoint).map(BotApi.Status::paused).orElse(false)) {
                resumePaused(s);
            } else {
                reloadWith(s, false, "entries resumed (config reloaded)");
            }
            return null;
        });
    }

    /** Freqtrade re-reads its config files; entries stay stopped where they must be. */
    void reload(long botId) {
        Slot s = slot(botId);
        call(s, () -> {
            requireRunning(s);
            boolean stopped = s.entriesStopped || intent(s).map(BotIntent::launchWithEntriesStopped).orElse(true);
            reloadWith(s, stopped, "config reloaded");
            return null;
        });
    }

    void forceExitAll(long botId) {
        Slot s = slot(botId);
        call(s, () -> {
            requireRunning(s);
            api.forceExitAll(s.endpoint);
            return null;
        });
    }

    /** Stop entries without waiting behind the bot's queue (the emergency stop: seconds matter). */
    void stopEntriesNow(long botId) {
        Slot s = slots.get(botId);
        BotEndpoint endpoint = s == null ? null : s.endpoint;
        if (s == null || !s.alive() || endpoint == null) {
            throw new BotRuntimes.WrongState("Bot is not running");
        }
        api.command(endpoint, "stopentry");
        // No reconcile enqueued here: the emergency stop has already written desired "stopped", and a reconcile now
        // would stop the bot before its force-exit.
    }

    void forceExitNow(long botId) {
        Slot s = slots.get(botId);
        BotEndpoint endpoint = s == null ? null : s.endpoint;
        if (s == null || !s.alive() || endpoint == null) {
            throw new BotRuntimes.WrongState("Bot is not running");
        }
        api.forceExitAll(endpoint);
    }

    private <T> T call(Slot s, Callable<T> command) {
        CompletableFuture<T> result = new CompletableFuture<>();
        s.queue.submit(() -> {
            try {
                result.complete(command.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(settings.startTimeout().plus(settings.stopTimeout()).plusSeconds(30).toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the bot's supervisor is busy; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private void requireRunning(Slot s) {
        if (!s.alive() || s.endpoint == null || s.phase == Phase.STARTING) {
            throw new BotRuntimes.WrongState("Bot is not running");
        }
    }

    // ---------------------------------------------------------------- the reconciler

    private Optional<BotIntent> intent(Slot s) {
        LaunchSpecs source = specs.getIfAvailable();
        return source == null ? Optional.empty() : source.intentFor(s.botId);
    }

    /** Compares the stored intent with what runs and acts. Runs only on the bot's queue. */
    private void reconcileNow(Slot s) {
        Optional<BotIntent> intent;
        try {
            intent = intent(s);
        } catch (RuntimeException e) {
            // The database is away: touch nothing, look again shortly.
            log.warn("Reading the intent of bot {} failed; retrying: {}", s.botId, e.toString());
            schedule(s, UNREACHABLE_RETRY);
            return;
        }
        ProcessHandle handle = s.handle;
        if (handle != null && !handle.isAlive()) {
            exited(s, intent);
        }
        DesiredState desired = intent.map(BotIntent::desired).orElse(null);
        if (desired == null || desired == DesiredState.STOPPED) {
            stopProcess(s, desired == null ? "bot deleted" : "desired state stopped");
            if (desired == null) {
                slots.remove(s.botId, s);
            }
            return;
        }
        if (s.alive()) {
            switch (s.phase) {
                case STARTING -> checkStarting(s, intent.get());
                default -> checkRunning(s, intent.get());
            }
            return;
        }
        if (s.phase == Phase.BACKOFF) {
            Instant now = clock.instant();
            if (now.isBefore(s.backoffUntil)) {
                schedule(s, Duration.between(now, s.backoffUntil));
                return;
            }
            Optional<LaunchSpec> spec;
            String why = null;
            try {
                spec = specs.getObject().specFor(s.botId);
            } catch (RuntimeException e) {
                spec = Optional.empty();
                why = e.getMessage();
            }
            if (spec.isEmpty()) {
                // Relaunching cannot work until someone fixes the bot (e.g. an invalid pinned strategy version):
                // say so instead of crash-looping.
                s.phase = Phase.GAVE_UP;
                bookkeeping(s, () -> store.markUnsupervised(s.botId));
                observed(s, ObservedState.UNSUPERVISED, null, null, "not relaunched: its launch cannot be built"
                        + (why == null ? " (strategy missing)" : " (" + why + ")"), List.of());
                return;
            }
            launch(s, spec.get(), intent.get(), false);
        }
    }

    /** A process of this bot ended: record it, clean up, and let the restart policy (read now) decide. */
    private void exited(Slot s, Optional<BotIntent> intent) {
        Integer exitCode = exitCode(s.process);
        long pid = s.handle.pid();
        s.handle = null;
        s.process = null;
        deleteSecretsFile(s.botId);
        bookkeeping(s, () -> store.recordExit(s.botId, exitCode));
        String how = "exited" + (exitCode == null ? "" : " with code " + exitCode);
        if (intent.isEmpty() || intent.get().desired() == DesiredState.STOPPED) {
            return; // stopProcess (next) reports "stopped"
        }
        if (s.phase == Phase.STARTING && s.ownerStart) {
            s.phase = Phase.GAVE_UP;
            bookkeeping(s, () -> store.markUnsupervised(s.botId));
            observed(s, ObservedState.START_FAILED, pid, null, "exited during start"
                    + (exitCode == null ? "" : " with code " + exitCode), tail(s.botId));
            return;
        }
        crashed(s, intent.get(), exitCode, how);
    }

    /**
     * The exit code of a process its handle already reports gone. The handle can say so (the process is a zombie)
     * a moment before the JDK's reaper has collected the code, so wait for it briefly rather than lose it.
     */
    private static Integer exitCode(Process process) {
        if (process == null) {
            return null;
        }
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Another crash (an exit, a failed launch, a start timeout): restart under back-off, or give up. */
    private void crashed(Slot s, BotIntent intent, Integer exitCode, String why) {
        s.handle = null;
        s.process = null;
        RestartPolicy policy = intent.restartPolicy();
        if (!policy.restarts(exitCode)) {
            s.phase = Phase.GAVE_UP;
            bookkeeping(s, () -> store.markUnsupervised(s.botId));
            boolean failure = exitCode == null || exitCode != 0;
            observed(s, failure ? ObservedState.CRASHED : ObservedState.STOPPED, null, null,
                    why + "; restart policy " + policy.value(), tail(s.botId));
            return;
        }
        RestartBackoff.Decision decision = s.backoff.crashed(clock.instant());
        if (decision instanceof RestartBackoff.Restart restart) {
            s.phase = Phase.BACKOFF;
            s.backoffUntil = clock.instant().plus(restart.delay());
            try {
                events.publishEvent(new RuntimeEvents.BotRestartScheduled(s.botId, restart.crashesInWindow(),
                        restart.delay().toMillis(), exitCode));
            } catch (RuntimeException e) {
                log.warn("Recording the restart of bot {} failed (restarting anyway): {}", s.botId, e.toString());
            }
            observed(s, ObservedState.CRASHED, null, null,
                    why + "; restarting in " + restart.delay().toMillis() + " ms", tail(s.botId));
            schedule(s, restart.delay());
        } else {
            s.phase = Phase.GAVE_UP;
            bookkeeping(s, () -> store.markUnsupervised(s.botId));
            observed(s, ObservedState.CRASHED, null, null, why + "; " + decision.crashesInWindow() + " crashes within "
                    + s.backoff.window().toMinutes() + " min, left alone until started again", tail(s.botId));
        }
    }

    private void checkStarting(Slot s, BotIntent intent) {
        Optional<BotApi.Status> status = api.status(s.endpoint);
        if (status.isPresent() && status.get().trading()) {
            s.phase = Phase.RUNNING;
            deleteSecretsFile(s.botId); // read: it has no reason to exist any more
            s.entriesStopped = s.entriesStopped || status.get().entriesStopped();
            if (intent.desired() == DesiredState.PAUSED && !s.entriesStopped) {
                stopEntries(s, "entries stopped (desired paused)");
            } else {
                observed(s, trading(s), s.handle.pid(), port(s),
                        s.entriesStopped ? "bot reports running, entries stopped" + heldBecause(intent)
                                : "bot reports running", List.of());
            }
            schedule(s, settings.resyncInterval());
            return;
        }
        if (clock.instant().isAfter(s.startDeadline)) {
            List<String> lines = tail(s.botId);
            ProcessHandle h = s.handle;
            FreqtradeExecutable.terminateTree(h, settings.stopTimeout());
            long pid = h.pid();
            s.handle = null;
            s.process = null;
            deleteSecretsFile(s.botId);
            String why = "did not report running within " + settings.startTimeout().toSeconds() + " s";
            if (s.ownerStart) {
                s.phase = Phase.GAVE_UP;
                bookkeeping(s, () -> store.markUnsupervised(s.botId));
                observed(s, ObservedState.START_FAILED, pid, null, why, lines);
            } else {
                crashed(s, intent, null, why);
            }
            return;
        }
        schedule(s, START_POLL);
    }

    private void checkRunning(Slot s, BotIntent intent) {
        Optional<BotApi.Status> status = api.status(s.endpoint);
        if (status.isPresent() && "stopped".equals(status.get().state())) {
            // The process serves its API but its trader was stopped behind our back (its own API, Telegram): the
            // owner wants it running, so it is started again, entries stopped where they must be.
            try {
                if (intent.launchWithEntriesStopped()) {
                    // A reload comes back running with max_open_trades 0 from its config: never a moment of entries.
                    reloadWith(s, true, "trader was stopped; reloaded with entries stopped");
                    return;
                }
                api.command(s.endpoint, "start");
                status = api.status(s.endpoint);
            } catch (RuntimeException e) {
                log.warn("Bot {} reports stopped and did not take a start: {}", s.botId, e.toString());
            }
        }
        if (status.isEmpty() || !status.get().trading()) {
            s.phase = Phase.UNREACHABLE;
            String reason = s.pendingReason != null ? s.pendingReason + "; its API does not answer"
                    : "its API does not answer" + status.map(st -> " (state " + st.state() + ")").orElse("");
            observed(s, ObservedState.UNREACHABLE, s.handle.pid(), port(s), reason, List.of());
            s.pendingReason = null;
            schedule(s, UNREACHABLE_RETRY);
            return;
        }
        s.phase = Phase.RUNNING;
        s.entriesStopped = status.get().entriesStopped();
        if (intent.desired() == DesiredState.PAUSED && !s.entriesStopped) {
            stopEntries(s, "entries stopped again (desired paused)");
        } else {
            String reason = s.pendingReason != null ? s.pendingReason
                    : s.entriesStopped ? "entries stopped" : "bot reports running";
            observed(s, trading(s), s.handle.pid(), port(s), reason, List.of());
        }
        s.pendingReason = null;
        schedule(s, settings.resyncInterval());
    }

    private static String heldBecause(BotIntent intent) {
        return intent.desired() == DesiredState.PAUSED ? " (paused)" : !intent.tradingEnabled() ? " (trading disabled)" : "";
    }

    // ---------------------------------------------------------------- actions

    /** Ends the bot's process tree if one is alive; cancels any pending restart. */
    private void stopProcess(Slot s, String why) {
        cancelTimer(s);
        s.backoff.reset();
        ProcessHandle handle = s.handle;
        boolean wasKnown = s.phase != Phase.IDLE || handle != null;
        s.phase = Phase.IDLE;
        if (handle != null && handle.isAlive()) {
            observed(s, ObservedState.STOPPING, handle.pid(), port(s), why, List.of());
            BotEndpoint endpoint = s.endpoint;
            if (endpoint != null) {
                try {
                    api.command(endpoint, "stop");
                } catch (RuntimeException e) {
                    log.debug("Bot {} did not take the API stop: {}", s.botId, e.getMessage());
                }
            }
            if (!FreqtradeExecutable.terminateTree(handle, settings.stopTimeout())) {
                log.error("Bot {} (PID {}) survived SIGKILL", s.botId, handle.pid());
            }
            Integer exitCode = exitCode(s.process);
            bookkeeping(s, () -> store.recordExit(s.botId, exitCode));
            log.info("Stopped bot {} (PID {}): {}", s.botId, handle.pid(), why);
        }
        s.handle = null;
        s.process = null;
        s.entriesStopped = false;
        deleteSecretsFile(s.botId);
        bookkeeping(s, () -> store.markUnsupervised(s.botId));
        if (wasKnown) {
            observed(s, ObservedState.STOPPED, handle == null ? null : handle.pid(), null, why, List.of());
        }
    }

    private void stopEntries(Slot s, String reason) {
        rewriteMaxOpenTrades(s.botId, 0);
        api.command(s.endpoint, "stopentry");
        s.entriesStopped = true;
        observed(s, ObservedState.PAUSED, s.handle.pid(), port(s), reason, List.of());
    }

    /** {@code /start} on a paused 2025.4+ bot; what it reports afterwards is what is observed. */
    private void resumePaused(Slot s) {
        writeConfig(s, false, false); // so a later reload or relaunch trades too
        api.command(s.endpoint, "start");
        Optional<BotApi.Status> status = api.status(s.endpoint);
        s.entriesStopped = status.map(BotApi.Status::entriesStopped).orElse(false);
        observed(s, trading(s), s.handle.pid(), port(s), "entries resumed (/start)",
                List.of());
        schedule(s, settings.resyncInterval());
    }

    /** Rewrites config.json (entries stopped or not) and, for a reload, the secrets file the bot will read. */
    private void writeConfig(Slot s, boolean entriesStopped, boolean withSecrets) {
        LaunchSpec spec = specs.getObject().specFor(s.botId)
                .orElseThrow(() -> new IllegalStateException("the bot's launch cannot be built"));
        BotEndpoint endpoint = s.endpoint;
        try {
            Prepared prepared = prepare(spec, endpoint.baseUrl().getPort(), endpoint.username(), null, null, null,
                    entriesStopped);
            writeOwnerOnly(botDir(s.botId).resolve("config.json"), json.writeValueAsString(prepared.config()));
            if (withSecrets && prepared.fileSecrets() != null) {
                writeOwnerOnly(botDir(s.botId).resolve(SECRETS_FILE), json.writeValueAsString(prepared.fileSecrets()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not write the bot's config: " + e.getMessage());
        }
    }

    /** Rewrites config.json (entries stopped or not) and the secrets file, then reload_config and wait. */
    private void reloadWith(Slot s, boolean entriesStopped, String reason) {
        writeConfig(s, entriesStopped, true);
        BotEndpoint endpoint = s.endpoint;
        try {
            api.command(endpoint, "reload_config");
            Instant deadline = clock.instant().plus(settings.startTimeout());
            Optional<BotApi.Status> status = Optional.empty();
            while (clock.instant().isBefore(deadline) && s.alive()) {
                status = api.status(endpoint);
                if (status.isPresent() && status.get().trading()) {
                    break;
                }
                sleep(START_POLL);
            }
            s.entriesStopped = status.map(BotApi.Status::entriesStopped).orElse(entriesStopped);
            if (status.isPresent() && status.get().trading()) {
                s.phase = Phase.RUNNING;
                observed(s, trading(s), s.handle.pid(), port(s), reason, List.of());
            } else {
                s.phase = Phase.UNREACHABLE;
                observed(s, ObservedState.UNREACHABLE, s.alive() ? s.handle.pid() : null, port(s), reason
                        + "; not back yet", List.of());
            }
        } finally {
            deleteSecretsFile(s.botId);
            schedule(s, s.phase == Phase.RUNNING ? settings.resyncInterval() : UNREACHABLE_RETRY);
        }
    }

    /** The config as written to disk (no secret) and what carries the secrets. */
    private record Prepared(ObjectNode config, Map<String, String> env, ObjectNode fileSecrets) {
    }

    private Prepared prepare(LaunchSpec spec, int port, String username, String password, String jwtSecret,
            String wsToken, boolean entriesStopped) {
        ObjectNode config = spec.config().deepCopy();
        ObjectNode secrets = spec.secrets().deepCopy();
        removePaths(config, secrets);
        config.put("bot_name", spec.botName());
        config.put("initial_state", "running");
        if (entriesStopped) {
            config.put("max_open_trades", 0);
        }
        ObjectNode apiServer = config.putObject("api_server");
        apiServer.put("enabled", true);
        apiServer.put("listen_ip_address", "127.0.0.1");
        apiServer.put("listen_port", port);
        apiServer.put("verbosity", "error");
        apiServer.put("enable_openapi", false);
        apiServer.putArray("CORS_origins");
        apiServer.put("username", username);
        if (password != null) {
            ObjectNode apiSecrets = secrets.putObject("api_server");
            apiSecrets.put("password", password);
            apiSecrets.put("jwt_secret_key", jwtSecret);
            apiSecrets.put("ws_token", wsToken);
        }
        Map<String, String> env = new LinkedHashMap<>();
        ObjectNode file = json.createObjectNode();
        split(secrets, new ArrayList<>(), env, file);
        return new Prepared(config, env, file.isEmpty() ? null : file);
    }

    /** Each secret leaf goes by environment when Freqtrade reads it back unchanged, else into the file. */
    private void split(JsonNode node, List<String> path, Map<String, String> env, ObjectNode file) {
        for (var entry : node.properties()) {
            path.add(entry.getKey());
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                split(value, path, env, file);
            } else if (envSafe(path, value)) {
                env.put("FREQTRADE__" + String.join("__", path).toUpperCase(java.util.Locale.ROOT), value.asString());
            } else {
                ObjectNode at = file;
                for (String p : path.subList(0, path.size() - 1)) {
                    at = at.has(p) && at.get(p).isObject() ? (ObjectNode) at.get(p) : at.putObject(p);
                }
                at.set(path.get(path.size() - 1), value);
            }
            path.remove(path.size() - 1);
        }
    }

    /**
     * Freqtrade lower-cases the variable's path and types its value (int, float, bool, JSON) except for
     * {@code chat_id} and {@code password} (contract 4.1): only all-lower-case paths and strings it would not
     * re-type go by environment.
     */
    static boolean envSafe(List<String> path, JsonNode value) {
        if (!value.isString() || path.isEmpty()) {
            return false;
        }
        for (String segment : path) {
            if (!ENV_SEGMENT.matcher(segment).matches()) {
                return false;
            }
        }
        String v = value.asString();
        if (v.indexOf('\0') >= 0 || v.isEmpty()) {
            return false;
        }
        String key = path.get(path.size() - 1);
        if (key.equals("password") || key.equals("chat_id")) {
            return true;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") || v.startsWith("[") || v.startsWith("{")) {
            return false;
        }
        try {
            Double.parseDouble(v.strip());
            return false;
        } catch (NumberFormatException notANumber) {
            // neither int nor float
        }
        String lower = v.strip().toLowerCase(java.util.Locale.ROOT);
        return !(lower.equals("nan") || lower.contains("inf"));
    }

    private static void removePaths(ObjectNode config, JsonNode secrets) {
        for (var entry : secrets.properties()) {
            JsonNode inConfig = config.get(entry.getKey());
            if (entry.getValue().isObject() && inConfig instanceof ObjectNode child) {
                removePaths(child, entry.getValue());
            } else if (!entry.getValue().isObject()) {
                config.remove(entry.getKey());
            }
        }
    }

    /**
     * Spawns the bot. A failure (files, spawn, bookkeeping) is the end of an owner's start, or another crash under
     * back-off for the supervisor's relaunch; it never ends supervision silently.
     */
    private void launch(Slot s, LaunchSpec spec, BotIntent intent, boolean ownerStart) {
        long botId = spec.botId();
        s.ownerStart = ownerStart;
        Process process = null;
        try {
            Path dir = botDir(botId);
            Path userData = dir.resolve("user_data");
            if (!Files.isDirectory(botsRoot)) {
                // Passable (not listable) for a run-as user, who owns its bot's own tree below.
                Files.createDirectories(botsRoot);
                DataDirectory.restrict(botsRoot, "rwx--x--x");
            }
            createOwnerOnlyDirectories(dir);
            DataDirectory.restrict(dir, "rwx------"); // a tree made by an older version
            for (String sub : List.of("strategies", "data", "logs", "models", "freqaimodels", "backtest_results",
                    "hyperopt_results", "notebooks", "plot")) {
                createOwnerOnlyDirectories(userData.resolve(sub));
            }
            writeOwnerOnly(userData.resolve("strategies").resolve(StrategyNames.fileNameFor(spec.strategyClass())),
                    spec.strategySource());
            for (var file : spec.userDataFiles().entrySet()) {
                Path target = userData.resolve(file.getKey()).normalize();
                if (target.startsWith(userData) && !Files.exists(target)) {
                    createOwnerOnlyDirectories(target.getParent());
                    Files.copy(file.getValue(), target);
                    Files.setPosixFilePermissions(target, OWNER_ONLY_FILE);
                }
            }
            for (String output : List.of("stdout.log", "stderr.log")) {
                createOwnerOnlyFile(dir.resolve(output)); // appended to by the process, created here owner-only
            }
            int port = freePort();
            String username = "ftfleet";
            String password = Secrets.randomToken(24);
            String jwtSecret = Secrets.randomToken(32);
            String wsToken = Secrets.randomToken(24);
            boolean entriesStopped = intent.launchWithEntriesStopped();
            Prepared prepared = prepare(spec, port, username, password, jwtSecret, wsToken, entriesStopped);
            Path configFile = dir.resolve("config.json");
            writeOwnerOnly(configFile, json.writeValueAsString(prepared.config()));
            deleteSecretsFile(botId);
            List<String> args = new ArrayList<>(List.of("trade", "--config", configFile.toString()));
            if (prepared.fileSecrets() != null) {
                Path secretsFile = dir.resolve(SECRETS_FILE);
                writeOwnerOnly(secretsFile, json.writeValueAsString(prepared.fileSecrets()));
                args.addAll(List.of("--config", secretsFile.toString()));
            }
            args.addAll(List.of("--userdir", userData.toString(), "--strategy", spec.strategyClass(), "--db-url",
                    "sqlite:///" + dir.resolve(prepared.config().path("dry_run").asBoolean(true)
                            ? "tradesv3.dryrun.sqlite" : "tradesv3.sqlite"), "--logfile", logFile(botId).toString()));
            executable.handOver(dir);
            ProcessBuilder builder = executable.builder(args, dir, prepared.env())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.log").toFile()));
            spawnSeam.beforeSpawn(botId);
            process = builder.start();
            spawnSeam.spawned(botId, process.pid());
            BotEndpoint endpoint = new BotEndpoint(URI.create("http://127.0.0.1:" + port), username, password);
            s.process = process;
            s.handle = process.toHandle();
            s.endpoint = endpoint;
            s.entriesStopped = entriesStopped;
            s.phase = Phase.STARTING;
            s.startDeadline = clock.instant().plus(settings.startTimeout());
            long pid = process.pid();
            // Without this row a restarted server could not adopt the bot and would launch a second one: a failed
            // write ends this process and counts as a crash.
            store.recordStart(botId, KIND, pid, port, endpoint.baseUrl().toString(),
                    String.join(" ", builder.command()), username, secretBox.encrypt(password),
                    secretBox.encrypt(jwtSecret), secretBox.encrypt(wsToken), intent.restartPolicy().value(),
                    clock.instant());
            process.onExit().thenRun(() -> enqueue(s));
            log.info("Launched bot {} (PID {}, port {}): {}", botId, pid, port,
                    ownerStart ? "started by its owner" : "relaunched by its restart policy");
            observed(s, ObservedState.STARTING, pid, port, entriesStopped ? "process started, entries stopped"
                    + heldBecause(intent) : "process started", List.of());
            schedule(s, START_POLL);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not start bot {}: {}", botId, e.toString());
            if (process != null) {
                FreqtradeExecutable.terminateTree(process.toHandle(), settings.stopTimeout());
            }
            s.handle = null;
            s.process = null;
            deleteSecretsFile(botId);
            String why = "could not start: " + e.getMessage();
            if (ownerStart) {
                s.phase = Phase.GAVE_UP;
                bookkeeping(s, () -> store.markUnsupervised(botId));
                observed(s, ObservedState.START_FAILED, null, null, why, tail(botId));
            } else {
                crashed(s, intent, null, why);
            }
        }
    }

    // ---------------------------------------------------------------- recovery: the reconciler's first pass

    /**
     * After a server (re)start: every recorded process of this runtime is looked at on its bot's queue. A live PID
     * whose command line names this bot's config is adopted (running, or unreachable while its API does not
     * answer: never launched beside); a supervised bot found dead gets its restart policy; any other process found
     * under the bots directory (a second one, or one for a deleted bot) is stopped; a descendant of a bot's process
     * that carries the same command line is part of that process's tree, not another bot. One bad row never stops
     * the others. Returns when every first pass has run.
     */
    void recover() {
        List<BotProcess> rows;
        try {
            rows = store.local();
        } catch (RuntimeException e) {
            log.error("Could not read the recorded bot processes; nothing adopted", e);
            rows = List.of();
        }
        List<CompletableFuture<Void>> passes = new ArrayList<>();
        Map<Long, Long> recordedPid = new LinkedHashMap<>();
        for (BotProcess row : rows) {
            recordedPid.put(row.botId, row.pid);
            Slot s = slot(row.botId);
            passes.add(run(s, () -> recoverRow(s, row)));
        }
        List<FoundProcess> found = ourProcesses();
        for (FoundProcess stray : found) {
            long botId = stray.botId;
            // A child of a bot's process may carry the bot's command line (a fork before its exec, a worker): it is
            // part of that bot's tree, not a second bot, and ends with it.
            if (!partOfAnotherTree(stray, found) && !Long.valueOf(stray.handle.pid()).equals(recordedPid.get(botId))) {
                Slot s = slot(botId);
                passes.add(run(s, () -> {
                    log.warn("Stopping PID {}: a process of bot {} that is not the one supervised", stray.handle.pid(),
                            botId);
                    FreqtradeExecutable.terminateTree(stray.handle, settings.stopTimeout());
                }));
            }
        }
        for (CompletableFuture<Void> pass : passes) {
            try {
                pass.get(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.warn("A recovery pass did not finish in time: {}", e.toString());
            }
        }
    }

    private record FoundProcess(long botId, ProcessHandle handle) {
    }

    /**
     * Whether an ancestor of the process is also a process of the same bot: then it belongs to that process's
     * tree (which is adopted or stopped as a whole), never counted as a bot of its own.
     */
    private static boolean partOfAnotherTree(FoundProcess process, List<FoundProcess> found) {
        Optional<ProcessHandle> ancestor = process.handle().parent();
        while (ancestor.isPresent()) {
            long pid = ancestor.get().pid();
            if (found.stream().anyMatch(f -> f.botId() == process.botId() && f.handle().pid() == pid)) {
                return true;
            }
            ancestor = ancestor.get().parent();
        }
        return false;
    }

    /** Live processes whose command line names a bot config under this server's bots directory. */
    private List<FoundProcess> ourProcesses() {
        List<FoundProcess> found = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> p.info().commandLine().ifPresent(cmd -> {
            Matcher m = botConfigInCommand.matcher(cmd);
            if (m.find() && p.isAlive()) {
                found.add(new FoundProcess(Long.parseLong(m.group(1)), p));
            }
        }));
        return found;
    }

    private CompletableFuture<Void> run(Slot s, Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        s.queue.submit(() -> {
            try {
                task.run();
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    private void recoverRow(Slot s, BotProcess row) {
        Optional<ProcessHandle> found = row.pid == null ? Optional.empty() : ProcessHandle.of(row.pid);
        if (found.isPresent() && found.get().isAlive() && isOurs(found.get(), row.botId)) {
            s.handle = found.get();
            s.endpoint = new BotEndpoint(URI.create("http://127.0.0.1:" + row.port), row.apiUsername,
                    secretBox.decrypt(row.apiPasswordEnc));
            s.phase = Phase.RUNNING;
            s.pendingReason = "adopted after server restart";
            s.handle.onExit().thenRun(() -> enqueue(s));
            log.info("Adopted bot {} (PID {}, port {})", row.botId, row.pid, row.port);
            reconcileNow(s);
            return;
        }
        if (!row.supervised) {
            return;
        }
        Optional<BotIntent> intent;
        try {
            intent = intent(s);
        } catch (RuntimeException e) {
            log.warn("Bot {}: intent unreadable at recovery: {}", row.botId, e.toString());
            observed(s, ObservedState.UNSUPERVISED, null, null, "not supervised: its settings could not be read ("
                    + e.getMessage() + ")", List.of());
            return;
        }
        if (intent.isEmpty() || intent.get().desired() == DesiredState.STOPPED) {
            bookkeeping(s, () -> store.markUnsupervised(row.botId));
            return;
        }
        crashed(s, intent.get(), row.lastExitCode, "found dead after server restart");
    }

    /** PID reuse: the process must run this bot's config from this server's bots directory. */
    private boolean isOurs(ProcessHandle handle, long botId) {
        String cmd = handle.info().commandLine().orElse("");
        String configPath = botDir(botId).resolve("config.json").toString();
        if (!cmd.contains(configPath)) {
            log.warn("PID {} of bot {} now runs something else; not adopting it", handle.pid(), botId);
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- helpers

    List<String> tail(long botId) {
        return LogFiles.tail(logFile(botId), LOG_TAIL);
    }

    private void schedule(Slot s, Duration delay) {
        cancelTimer(s);
        try {
            s.timer = timers.schedule(() -> enqueue(s), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            // the server is stopping
        }
    }

    private static void cancelTimer(Slot s) {
        if (s.timer != null) {
            s.timer.cancel(false);
            s.timer = null;
        }
    }

    /** A bookkeeping write that fails is logged and retried by the next reconcile; it never ends supervision. */
    private void bookkeeping(Slot s, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            log.warn("Bookkeeping for bot {} failed: {}", s.botId, e.toString());
        }
    }

    /** A live bot whose API answers: paused while its entries are stopped, else running. */
    private static ObservedState trading(Slot s) {
        return s.entriesStopped ? ObservedState.PAUSED : ObservedState.RUNNING;
    }

    private void observed(Slot s, ObservedState state, Long pid, Integer port, String reason, List<String> logTail) {
        try {
            events.publishEvent(new RuntimeEvents.BotObserved(s.botId, state, pid, port, reason, logTail));
            s.lastState = state;
        } catch (RuntimeException e) {
            s.lastState = null;
            log.warn("Recording state {} of bot {} failed: {}", state, s.botId, e.toString());
        }
    }

    private void rewriteMaxOpenTrades(long botId, int value) {
        Path file = botDir(botId).resolve("config.json");
        try {
            ObjectNode config = (ObjectNode) json.readTree(Files.readString(file));
            config.put("max_open_trades", value);
            writeOwnerOnly(file, json.writeValueAsString(config));
        } catch (IOException | RuntimeException e) {
            log.warn("Could not write max_open_trades {} for bot {}: {}", value, botId, e.toString());
        }
    }

    private void deleteSecretsFile(long botId) {
        try {
            Files.deleteIfExists(botDir(botId).resolve(SECRETS_FILE));
        } catch (IOException e) {
            log.error("Could not delete the secrets file of bot {}: {}", botId, e.toString());
        }
    }

    private static Integer port(Slot s) {
        BotEndpoint e = s.endpoint;
        return e == null ? null : e.baseUrl().getPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY_FILE =
            PosixFilePermissions.fromString("rw-------");
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY_DIR =
            PosixFilePermissions.fromString("rwx------");

    /**
     * Like {@link Files#createDirectories}, each directory created owner-only (0700) at creation: the JVM's umask
     * (often 022) would leave a bot's tree readable to every local user.
     */
    static void createOwnerOnlyDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createOwnerOnlyDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // created meanwhile
        }
    }

    private static void createOwnerOnlyFile(Path file) throws IOException {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        }
    }

    static void writeOwnerOnly(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException noPosix) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops watching (not the bots: they keep running and are re-adopted by the next server). */
    void shutdown() {
        timers.shutdownNow();
        pool.shutdownNow();
    }

    /** Files a stopped or deleted bot must not leave behind. */
    void removeLeftovers(long botId) {
        deleteSecretsFile(botId);
        try (DirectoryStream<Path> tmp = Files.newDirectoryStream(botDir(botId), "*.tmp")) {
            for (Path p : tmp) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException ignored) {
            // no directory: nothing left
        }
    }
}
