package io.ftfleet.runtime;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.ftfleet.core.DataDirectory;
import io.ftfleet.core.SecretBox;
import io.ftfleet.core.Secrets;
import io.ftfleet.strategy.StrategyNames;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs bots as local processes of the configured Freqtrade command. Each bot gets {@code <data>/bots/<id>/} with
 * an owner-only {@code config.json}, its {@code user_data/} (the pinned strategy version), its SQLite trade
 * database and log files. Output goes to files, not pipes, so bots outlive a server restart and are re-adopted.
 *
 * <p>State is measured: a bot is {@code running} only once its own API says so. Exits are noticed at once
 * ({@link Process#onExit()}); the restart policy decides what follows, with exponential back-off and a crash-loop
 * limit after which the bot is left {@code crashed}.
 */
@Component
class LocalRuntime {

    private static final Logger log = LoggerFactory.getLogger(LocalRuntime.class);
    static final String KIND = "local";
    static final int LOG_TAIL = 30;

    private final RuntimeProperties.Local settings;
    private final BotApi api;
    private final BotProcessStore store;
    private final SecretBox secrets;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Path botsRoot;
    private final List<String> command;
    private final Map<Long, Supervised> bots = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("ftfleet-runtime"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("ftfleet-restarts"));

    LocalRuntime(RuntimeProperties properties, BotApi api, BotProcessStore store, SecretBox secrets, JsonMapper json,
            ApplicationEventPublisher events, Clock clock, DataDirectory dataDirectory) {
        this.settings = properties.local();
        this.api = api;
        this.store = store;
        this.secrets = secrets;
        this.json = json;
        this.events = events;
        this.clock = clock;
        this.botsRoot = dataDirectory.root().resolve("bots");
        this.command = Arrays.stream(settings.freqtradeCommand().trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    /** One bot under supervision. Guarded by its own monitor. */
    private final class Supervised {
        final long botId;
        volatile LaunchSpec spec;
        volatile ProcessHandle handle;
        volatile BotApi.BotAddress address;
        volatile boolean stopRequested;
        /** Between spawn and the first "running" report; an exit then is a failed start, not a crash. */
        volatile boolean starting;
        /** The current launch is the supervisor's restart, so a failed start counts as one more crash. */
        volatile boolean restarting;
        final Deque<Instant> crashes = new ArrayDeque<>();
        ScheduledFuture<?> pendingRestart;
        /** Completes once the exit of the current process has been handled (and reported). */
        volatile CompletableFuture<Void> exitHandled = CompletableFuture.completedFuture(null);

        Supervised(long botId) {
            this.botId = botId;
        }
    }

    Path botDir(long botId) {
        return botsRoot.resolve(Long.toString(botId));
    }

    Path logFile(long botId) {
        return botDir(botId).resolve("freqtrade.log");
    }

    /** Whether a process of this bot is alive right now. */
    boolean isAlive(long botId) {
        Supervised s = bots.get(botId);
        return s != null && s.handle != null && s.handle.isAlive();
    }

    Optional<BotApi.BotAddress> address(long botId) {
        Supervised s = bots.get(botId);
        return s == null ? Optional.empty() : Optional.ofNullable(s.address);
    }

    /**
     * Starts the bot unless a process of it is already alive (a bot is never started twice). Returns at once;
     * the outcome arrives as {@link RuntimeEvents.BotObserved} events.
     */
    synchronized void start(LaunchSpec spec) {
        Supervised s = bots.computeIfAbsent(spec.botId(), Supervised::new);
        synchronized (s) {
            if (s.handle != null && s.handle.isAlive()) {
                throw new IllegalStateException("already running");
            }
            cancelRestart(s);
            s.spec = spec;
            s.stopRequested = false;
            s.restarting = false;
            s.crashes.clear();
        }
        launch(s);
    }

    /** API stop, then SIGTERM, then SIGKILL after the stop timeout. Blocks until the process is gone. */
    void stop(long botId) {
        Supervised s = bots.get(botId);
        if (s == null) {
            return;
        }
        synchronized (s) {
            s.stopRequested = true;
            s.starting = false;
            cancelRestart(s);
        }
        store.markUnsupervised(botId);
        ProcessHandle handle = s.handle;
        if (handle == null || !handle.isAlive()) {
            observed(botId, "stopped", null, null, "stop requested", List.of());
            return;
        }
        observed(botId, "stopping", handle.pid(), port(s), "stop requested", List.of());
        if (s.address != null) {
            try {
                api.command(s.address, "stop");
            } catch (RuntimeException e) {
                log.debug("Bot {} did not take the API stop: {}", botId, e.getMessage());
            }
        }
        terminate(handle);
        try {
            // Answer only once the exit has been recorded, so "stopped" is what callers see next.
            s.exitHandled.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("Exit of bot {} not recorded yet: {}", botId, e.toString());
        }
    }

    /** Stop entries (Freqtrade's stopentry); open trades are still managed. */
    void pause(long botId) {
        api.command(requireAddress(botId), "stopentry");
        Supervised s = bots.get(botId);
        observed(botId, "paused", s.handle.pid(), port(s), "entries stopped", List.of());
    }

    void forceExitAll(long botId) {
        api.forceExitAll(requireAddress(botId));
    }

    void resume(long botId) {
        BotApi.BotAddress address = requireAddress(botId);
        Supervised s = bots.get(botId);
        if (api.resumeEntries(address)) {
            awaitRunning(s, s.handle, "entries resumed (config reloaded)");
        } else {
            confirmRunning(s, "entries resumed");
        }
    }

    /** Freqtrade rebuilds the bot from its config files; its API is down for a moment. */
    void reload(long botId) {
        BotApi.BotAddress address = requireAddress(botId);
        api.command(address, "reload_config");
        Supervised s = bots.get(botId);
        workers.submit(() -> awaitRunning(s, s.handle, "config reloaded"));
    }

    /**
     * Re-adopts a bot found alive after a server restart: same PID, its command line names this bot's config, and
     * its API answers with the stored credentials. Anything else is not our bot.
     */
    boolean adopt(BotProcess row, LaunchSpec spec) {
        Optional<ProcessHandle> found = row.pid == null ? Optional.empty() : ProcessHandle.of(row.pid);
        if (found.isEmpty() || !found.get().isAlive()) {
            return false;
        }
        ProcessHandle handle = found.get();
        String cmd = handle.info().commandLine().orElse("");
        String configPath = botDir(row.botId).resolve("config.json").toString();
        if (!cmd.isEmpty() && !cmd.contains(configPath)) {
            log.warn("PID {} of bot {} now runs something else; not adopting it", row.pid, row.botId);
            return false;
        }
        BotApi.BotAddress address = new BotApi.BotAddress(URI.create("http://127.0.0.1:" + row.port), row.apiUsername,
                secrets.decrypt(row.apiPasswordEnc));
        if (api.state(address).isEmpty()) {
            return false;
        }
        Supervised s = bots.computeIfAbsent(row.botId, Supervised::new);
        synchronized (s) {
            s.spec = spec;
            s.handle = handle;
            s.address = address;
            s.stopRequested = false;
        }
        s.exitHandled = handle.onExit().thenAccept(h -> exited(s, h, null));
        log.info("Adopted bot {} (PID {}, port {})", row.botId, row.pid, row.port);
        confirmRunning(s, "adopted after server restart");
        return true;
    }

    /** The restart policy for a bot that was running when the server went away and is not alive now. */
    void recoverDead(BotProcess row, LaunchSpec spec) {
        Supervised s = bots.computeIfAbsent(row.botId, Supervised::new);
        s.spec = spec;
        if ("never".equals(spec.restartPolicy())) {
            store.markUnsupervised(row.botId);
            observed(row.botId, "crashed", row.pid, row.port, "found dead after server restart", tail(row.botId));
            return;
        }
        scheduleRestart(s, null, "found dead after server restart");
    }

    List<String> tail(long botId) {
        return LogFiles.tail(logFile(botId), LOG_TAIL);
    }

    private BotApi.BotAddress requireAddress(long botId) {
        Supervised s = bots.get(botId);
        if (s == null || s.address == null || s.handle == null || !s.handle.isAlive()) {
            throw new IllegalStateException("not running");
        }
        return s.address;
    }

    private void launch(Supervised s) {
        LaunchSpec spec = s.spec;
        long botId = spec.botId();
        try {
            Path dir = botDir(botId);
            Path userData = dir.resolve("user_data");
            for (String sub : List.of("strategies", "data", "logs", "models", "freqaimodels", "backtest_results",
                    "hyperopt_results", "notebooks", "plot")) {
                Files.createDirectories(userData.resolve(sub));
            }
            Files.writeString(userData.resolve("strategies").resolve(StrategyNames.fileNameFor(spec.strategyClass())),
                    spec.strategySource(), StandardCharsets.UTF_8);
            for (var file : spec.userDataFiles().entrySet()) {
                // e.g. a trained FreqAI model's models/<identifier>/...; never outside user_data
                Path target = userData.resolve(file.getKey()).normalize();
                if (target.startsWith(userData) && !Files.exists(target)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(file.getValue(), target);
                }
            }
            int port = freePort();
            String username = "ftfleet";
            String password = Secrets.randomToken(24);
            String jwtSecret = Secrets.randomToken(32);
            String wsToken = Secrets.randomToken(24);
            ObjectNode config = spec.config().deepCopy();
            config.put("bot_name", spec.botName());
            config.put("initial_state", "running");
            ObjectNode apiServer = config.putObject("api_server");
            apiServer.put("enabled", true);
            apiServer.put("listen_ip_address", "127.0.0.1");
            apiServer.put("listen_port", port);
            apiServer.put("verbosity", "error");
            apiServer.put("enable_openapi", false);
            apiServer.put("jwt_secret_key", jwtSecret);
            apiServer.put("ws_token", wsToken);
            apiServer.putArray("CORS_origins");
            apiServer.put("username", username);
            apiServer.put("password", password);
            Path configFile = dir.resolve("config.json");
            writeOwnerOnly(configFile, json.writeValueAsString(config));

            List<String> cmd = new ArrayList<>(command);
            cmd.addAll(List.of("trade", "--config", configFile.toString(), "--userdir", userData.toString(),
                    "--strategy", spec.strategyClass(), "--db-url",
                    "sqlite:///" + dir.resolve(config.path("dry_run").asBoolean(true) ? "tradesv3.dryrun.sqlite"
                            : "tradesv3.sqlite"), "--logfile", logFile(botId).toString()));
            ProcessBuilder builder = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.log").toFile()));
            builder.environment().putAll(settings.environment());
            s.starting = true;
            Process process = builder.start();
            BotApi.BotAddress address = new BotApi.BotAddress(URI.create("http://127.0.0.1:" + port), username, password);
            synchronized (s) {
                s.handle = process.toHandle();
                s.address = address;
            }
            store.recordStart(botId, KIND, process.pid(), port, address.baseUrl().toString(), String.join(" ", cmd),
                    username, secrets.encrypt(password), secrets.encrypt(jwtSecret), secrets.encrypt(wsToken),
                    spec.restartPolicy(), clock.instant());
            observed(botId, "starting", process.pid(), port, "process started", List.of());
            ProcessHandle handle = process.toHandle();
            s.exitHandled = process.onExit().thenAccept(p -> exited(s, handle, p.exitValue()));
            workers.submit(() -> awaitRunning(s, handle, "bot reports running"));
        } catch (IOException | RuntimeException e) {
            log.warn("Could not start bot {}: {}", botId, e.getMessage());
            store.markUnsupervised(botId);
            observed(botId, "start_failed", null, null, "could not start: " + e.getMessage(), tail(botId));
        }
    }

    /** Polls the bot's API until it reports {@code running}; a timeout or an exit ends the start as failed. */
    private void awaitRunning(Supervised s, ProcessHandle handle, String reason) {
        Instant deadline = clock.instant().plus(settings.startTimeout());
        while (clock.instant().isBefore(deadline)) {
            if (!handle.isAlive() || s.handle != handle || s.stopRequested) {
                return; // the exit handler reports it
            }
            Optional<String> state = api.state(s.address);
            if (state.isPresent() && state.get().equals("running")) {
                s.starting = false;
                s.restarting = false;
                observed(s.botId, "running", handle.pid(), port(s), reason, List.of());
                return;
            }
            sleep(Duration.ofMillis(250));
        }
        if (s.handle == handle && handle.isAlive()) {
            List<String> lines = tail(s.botId);
            s.stopRequested = true;
            terminate(handle);
            store.markUnsupervised(s.botId);
            observed(s.botId, "start_failed", handle.pid(), port(s),
                    "did not report running within " + settings.startTimeout().toSeconds() + " s", lines);
            s.starting = false;
        }
    }

    private void confirmRunning(Supervised s, String reason) {
        Optional<String> state = api.state(s.address);
        if (state.isPresent() && state.get().equals("running")) {
            observed(s.botId, "running", s.handle.pid(), port(s), reason, List.of());
        } else {
            observed(s.botId, state.isPresent() ? state.get() : "unreachable", s.handle.pid(), port(s), reason,
                    List.of());
        }
    }

    /** Called once per process exit. */
    private void exited(Supervised s, ProcessHandle handle, Integer exitCode) {
        if (s.handle != handle) {
            return; // an older process of this bot
        }
        store.recordExit(s.botId, exitCode);
        if (s.stopRequested) {
            if (!s.starting) { // a start that timed out is reported as start_failed by awaitRunning
                observed(s.botId, "stopped", handle.pid(), null,
                        "stopped" + (exitCode == null ? "" : " (exit " + exitCode + ")"), List.of());
            }
            return;
        }
        String policy = s.spec == null ? "never" : s.spec.restartPolicy();
        boolean failure = exitCode == null || exitCode != 0;
        if (s.starting && !s.restarting) {
            s.starting = false;
            store.markUnsupervised(s.botId);
            observed(s.botId, "start_failed", handle.pid(), null,
                    "exited during start" + (exitCode == null ? "" : " with code " + exitCode), tail(s.botId));
            return;
        }
        if ("never".equals(policy) || ("on-failure".equals(policy) && !failure)) {
            store.markUnsupervised(s.botId);
            observed(s.botId, failure ? "crashed" : "stopped", handle.pid(), null,
                    "exited" + (exitCode == null ? "" : " with code " + exitCode) + "; restart policy " + policy,
                    tail(s.botId));
            return;
        }
        scheduleRestart(s, exitCode, "exited" + (exitCode == null ? "" : " with code " + exitCode));
    }

    private void scheduleRestart(Supervised s, Integer exitCode, String why) {
        synchronized (s) {
            Instant now = clock.instant();
            s.crashes.addLast(now);
            while (!s.crashes.isEmpty() && s.crashes.peekFirst().isBefore(now.minus(settings.crashWindow()))) {
                s.crashes.removeFirst();
            }
            int count = s.crashes.size();
            if (count >= settings.crashLimit()) {
                store.markUnsupervised(s.botId);
                observed(s.botId, "crashed", null, null, why + "; " + count + " crashes within "
                        + settings.crashWindow().toMinutes() + " min, left alone until started again", tail(s.botId));
                return;
            }
            long delay = Math.min(settings.backoffMax().toMillis(), settings.backoffBase().toMillis() << (count - 1));
            events.publishEvent(new RuntimeEvents.BotRestartScheduled(s.botId, count, delay, exitCode));
            observed(s.botId, "crashed", null, null, why + "; restarting in " + delay + " ms", tail(s.botId));
            s.pendingRestart = timers.schedule(() -> {
                synchronized (s) {
                    s.pendingRestart = null;
                    if (s.stopRequested || (s.handle != null && s.handle.isAlive())) {
                        return;
                    }
                    s.restarting = true;
                }
                launch(s);
            }, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void cancelRestart(Supervised s) {
        if (s.pendingRestart != null) {
            s.pendingRestart.cancel(false);
            s.pendingRestart = null;
        }
    }

    private void terminate(ProcessHandle handle) {
        handle.destroy();
        try {
            handle.onExit().get(settings.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timeout) {
            log.warn("PID {} ignored SIGTERM for {} s; killing it", handle.pid(), settings.stopTimeout().toSeconds());
            handle.destroyForcibly();
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // Nothing more can be done from here; the exit handler reports when it is gone.
            }
        }
    }

    private void observed(long botId, String state, Long pid, Integer port, String reason, List<String> logTail) {
        try {
            events.publishEvent(new RuntimeEvents.BotObserved(botId, state, pid, port, reason, logTail));
        } catch (RuntimeException e) {
            log.warn("Recording state {} of bot {} failed: {}", state, botId, e.toString());
        }
    }

    private static Integer port(Supervised s) {
        return s.address == null ? null : s.address.baseUrl().getPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException noPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
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
        workers.shutdownNow();
        timers.shutdownNow();
    }

}
