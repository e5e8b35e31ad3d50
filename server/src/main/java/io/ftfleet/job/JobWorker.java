package io.ftfleet.job;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import io.ftfleet.core.DataDirectory;
import io.ftfleet.runtime.FreqtradeExecutable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Runs queued jobs on this server instance, at most {@code ftfleet.jobs.concurrency} at once. Each job is one
 * process of the runtime's freqtrade command in {@code <data-dir>/jobs/<id>/}; its output is read line by line into
 * {@code job.log} and into progress. The output is a pipe on purpose: if the server dies, the job's process loses
 * its reader and ends too, and recovery marks the row (see {@link JobRecovery}).
 *
 * <p>The process is built by {@link FreqtradeExecutable} (minimal environment, own session, the run-as user), and
 * its output is strategy-controlled: lines are cut at {@link JobFiles#MAX_LINE} characters and the log stops growing
 * at {@link #MAX_LOG_BYTES} (the output is still read to the end, so the process never blocks on a full pipe).
 */
@Component
class JobWorker {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);
    static final String LOG_FILE = "job.log";
    private static final Duration PROGRESS_WRITE_INTERVAL = Duration.ofMillis(250);
    private static final int ERROR_TAIL = 5;
    static final long MAX_LOG_BYTES = 64L * 1024 * 1024;

    private final JobStore store;
    private final JobKinds kinds;
    private final JobProperties properties;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Path jobsRoot;
    private final Path marketData;
    private final FreqtradeExecutable freqtrade;
    private final Candles candles;
    private final DownloadKind downloads;
    private final String workerId;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    private final ExecutorService runners;
    private final ScheduledExecutorService timers;
    private volatile boolean accepting;
    private volatile boolean stopping;

    /** A job this instance is running. */
    private static final class Running {
        volatile Process process;
        volatile boolean cancelled;
        final CountDownLatch ended = new CountDownLatch(1);
    }

    JobWorker(JobStore store, JobKinds kinds, JobProperties properties, JsonMapper json,
            ApplicationEventPublisher events, Clock clock, DataDirectory dataDirectory, FreqtradeExecutable freqtrade,
            Candles candles, DownloadKind downloads) {
        this.candles = candles;
        this.downloads = downloads;
        this.store = store;
        this.kinds = kinds;
        this.properties = properties;
        this.json = json;
        this.events = events;
        this.clock = clock;
        this.jobsRoot = dataDirectory.root().resolve("jobs");
        this.marketData = properties.marketDataDir() != null ? properties.marketDataDir().toAbsolutePath().normalize()
                : dataDirectory.root().resolve("market-data");
        this.freqtrade = freqtrade;
        this.workerId = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        AtomicInteger n = new AtomicInteger();
        this.runners = Executors.newCachedThreadPool(r -> daemon(r, "ftfleet-job-" + n.incrementAndGet()));
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ftfleet-job-queue"));
    }

    Path marketData() {
        return marketData;
    }

    String workerId() {
        return workerId;
    }

    int runningHere() {
        return running.size();
    }

    /** Starts taking jobs once the application is ready (after recovery has looked at what a previous run left). */
    @EventListener(ApplicationReadyEvent.class)
    void startPolling() {
        try {
            // Reachable by name for the run-as user (its job trees and the shared market data), not listable.
            Files.createDirectories(jobsRoot);
            DataDirectory.restrict(jobsRoot, "rwx--x--x");
            Files.createDirectories(marketData);
            freqtrade.handOver(marketData);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not prepare {} for jobs: {}", jobsRoot, e.toString());
        }
        accepting = true;
        timers.scheduleWithFixedDelay(this::fillSafely, 0, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::heartbeat, properties.heartbeatInterval().toMillis(),
                properties.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A job was submitted here: look at once instead of at the next poll. */
    void wake() {
        if (accepting) {
            timers.execute(this::fillSafely);
        }
    }

    private void fillSafely() {
        try {
            fill();
        } catch (RuntimeException e) {
            log.warn("Could not take queued jobs: {}", e.toString());
        }
    }

    /** Claims queued jobs (oldest first) while this instance has free slots. Runs on the single queue thread. */
    private void fill() {
        while (accepting && running.size() < properties.concurrency()) {
            List<Long> candidates = store.queuedIds(properties.concurrency() * 2);
            boolean claimed = false;
            for (Long id : candidates) {
                if (running.size() >= properties.concurrency()) {
                    return;
                }
                if (store.claim(id, workerId, clock.instant())) {
                    claimed = true;
                    Running r = new Running();
                    running.put(id, r);
                    runners.execute(() -> run(id, r));
                }
            }
            if (!claimed) {
                return;
            }
        }
    }

    private void run(long id, Running r) {
        JobRecord job = store.find(id).orElse(null);
        try {
            if (job != null) {
                execute(job, r);
            }
        } catch (RuntimeException e) {
            log.warn("Job {} failed in the server: {}", id, e.toString());
            end(job, JobRecord.FAILED, null, "internal error: " + e.getClass().getSimpleName(), null);
        } finally {
            running.remove(id);
            r.ended.countDown();
            wake();
        }
    }

    private void execute(JobRecord job, Running r) {
        JobKind kind = kinds.find(job.kind()).orElse(null);
        if (kind == null) {
            end(job, JobRecord.FAILED, null, "unknown job kind " + job.kind(), null);
            return;
        }
        Path workDir = jobsRoot.resolve(Long.toString(job.id()));
        JobKind.Run run = new JobKind.Run(job.id(), job.ownerId(), json.readTree(job.params()), workDir, marketData);
        try {
            Files.createDirectories(workDir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            end(job, JobRecord.FAILED, null, "could not prepare the job: " + e.getMessage(), null);
            return;
        }
        if (!fetchCandles(job, kind, run, r)) {
            return;
        }
        List<String> args;
        try {
            args = kind.prepare(run);
            ownerOnly(workDir);
            freqtrade.handOver(workDir);
            freqtrade.handOver(marketData); // a kind may have created an exchange's folder in it
        } catch (IOException | RuntimeException e) {
            end(job, JobRecord.FAILED, null, "could not prepare the job: " + e.getMessage(), null);
            return;
        }
        Optional<Candles.Need> writes = kind.candlesWritten(run.params());
        Candles.Held writing = null;
        if (writes.isPresent()) {
            try {
                writing = candles.lock(writes.get(), () -> r.cancelled || stopping);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (writing == null) {
                end(job, JobRecord.CANCELLED, null, "cancelled while waiting for another download of the same candles",
                        null);
                return;
            }
        }
        try {
            runProcess(job, kind, run, r, workDir, args);
        } finally {
            if (writing != null) {
                writing.close();
            }
        }
    }

    private void runProcess(JobRecord job, JobKind kind, JobKind.Run run, Running r, Path workDir, List<String> args) {
        List<String> cmd = freqtrade.commandFor(args);
        Path logFile = workDir.resolve(LOG_FILE);
        Deque<String> lastLines = new ArrayDeque<>();
        int exitCode;
        try {
            if (!Files.exists(logFile)) { // the download phase may have started it
                Files.createFile(logFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (IOException e) {
            end(job, JobRecord.FAILED, null, "could not create the job's log: " + e.getMessage(), null);
            return;
        }
        try (BufferedWriter out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            out.write("$ " + String.join(" ", cmd));
            out.newLine();
            ProcessBuilder builder = freqtrade.builder(args, workDir, Map.of()).redirectErrorStream(true);
            synchronized (r) {
                if (r.cancelled) {
                    end(job, JobRecord.CANCELLED, null, "cancelled before the process started", null);
                    return;
                }
                r.process = builder.start();
            }
            store.processStarted(job.id(), r.process.pid(), workDir.toString(), clock.instant());
            progress(job, null, null, "running");
            Instant lastWrite = Instant.EPOCH;
            JobKind.Progress pending = null;
            int maxDone = 0;
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(r.process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                long logged = 0;
                while ((line = JobFiles.readLine(in)) != null) {
                    if (logged <= MAX_LOG_BYTES) {
                        logged += line.length() + 1;
                        out.write(logged <= MAX_LOG_BYTES ? line
                                : "[output cut: the log holds at most " + MAX_LOG_BYTES / (1024 * 1024) + " MiB]");
                        out.newLine();
                    }
                    lastLines.addLast(line);
                    if (lastLines.size() > ERROR_TAIL) {
                        lastLines.removeFirst();
                    }
                    Optional<JobKind.Progress> p = safeProgress(kind, line, run);
                    if (p.isPresent()) {
                        // Progress never goes back (e.g. hyperopt repeats the best epoch's line at the end).
                        Integer done = p.get().done();
                        if (done != null && done < maxDone) {
                            done = maxDone;
                        }
                        maxDone = done == null ? maxDone : done;
                        pending = new JobKind.Progress(done, p.get().total(), p.get().phase());
                    }
                    Instant now = clock.instant();
                    if (pending != null && Duration.between(lastWrite, now).compareTo(PROGRESS_WRITE_INTERVAL) >= 0) {
                        out.flush();
                        progress(job, pending.done(), pending.total(), pending.phase());
                        pending = null;
                        lastWrite = now;
                    }
                }
            }
            exitCode = r.process.waitFor();
            if (pending != null) {
                progress(job, pending.done(), pending.total(), pending.phase());
            }
        } catch (IOException e) {
            end(job, JobRecord.FAILED, null, "could not run " + freqtrade.commandName() + ": " + e.getMessage(), null);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(r.process);
            end(job, JobRecord.FAILED, null, "server shutting down while running", null);
            return;
        }
        store.processExited(job.id(), exitCode, clock.instant());
        if (stopping && !r.cancelled) {
            stoppedWithServer(job, kind);
        } else if (r.cancelled || store.find(job.id()).map(JobRecord::cancelRequested).orElse(false)) {
            end(job, JobRecord.CANCELLED, exitCode, "cancelled while running", null);
        } else if (exitCode != 0) {
            end(job, JobRecord.FAILED, exitCode, "freqtrade exited with code " + exitCode + ": "
                    + String.join(" | ", lastLines), null);
        } else {
            try {
                end(job, JobRecord.COMPLETED, exitCode, null, kind.collect(run));
            } catch (IOException | RuntimeException e) {
                end(job, JobRecord.FAILED, exitCode, "could not read the result: " + e.getMessage(), null);
            }
        }
    }

    /**
     * What a kind wrote into the job's tree (with the JVM's umask) becomes owner-only: directories 0700, files 0600.
     * Links are left alone (their rights are their target's). The process itself runs with umask 077.
     */
    private static void ownerOnly(Path workDir) throws IOException {
        try (java.util.stream.Stream<Path> tree = Files.walk(workDir)) {
            for (Path p : tree.filter(p -> !Files.isSymbolicLink(p)).toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p)
                        ? "rwx------" : "rw-------"));
            }
        }
    }

    /**
     * Before a job that reads candles runs: downloads exactly what is missing of them (phase {@code downloading
     * data}), holding the locks of those candle files so no other job downloads them at the same time; a job that
     * waited finds them there and downloads nothing. With {@code download_missing: false} the job fails at once
     * ({@code data_missing: ...} naming pairs and timeframes). False when the job has ended here.
     */
    private boolean fetchCandles(JobRecord job, JobKind kind, JobKind.Run run, Running r) {
        Optional<Candles.Need> need = kind.candles(run.params());
        if (need.isEmpty()) {
            return true;
        }
        List<Candles.Gap> gaps = Candles.missing(marketData, need.get(), clock.instant(), json);
        if (gaps.isEmpty()) {
            return true;
        }
        if (!run.params().path("download_missing").asBoolean(true)) {
            end(job, JobRecord.FAILED, null, dataMissing(gaps), null);
            return false;
        }
        progress(job, 0, gaps.size(), "waiting for data");
        try (Candles.Held held = candles.lock(need.get(), () -> r.cancelled || stopping)) {
            if (held == null) {
                end(job, JobRecord.CANCELLED, null, "cancelled while waiting for data", null);
                return false;
            }
            gaps = Candles.missing(marketData, need.get(), clock.instant(), json); // another job may have fetched them
            return gaps.isEmpty() || download(job, run, need.get(), gaps, r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(job, JobRecord.FAILED, null, "server shutting down while running", null);
            return false;
        }
    }

    /** {@code data_missing: } and every pair and timeframe that lacks candles (the reason is a text column). */
    static String dataMissing(List<Candles.Gap> gaps) {
        return "data_missing: no candles on disk for " + String.join(", ", gaps.stream().map(Candles.Gap::describe)
                .toList()) + "; download them (POST /api/v1/data/download) or submit with download_missing true";
    }

    /** One {@code download-data} per timeframe (and prepend or not), for just the pairs that lack it. */
    private boolean download(JobRecord job, JobKind.Run run, Candles.Need need, List<Candles.Gap> gaps, Running r) {
        Map<String, List<Candles.Gap>> groups = new java.util.LinkedHashMap<>();
        gaps.forEach(g -> groups.computeIfAbsent(g.timeframe() + (g.prepend() ? " prepend" : ""),
                k -> new ArrayList<>()).add(g));
        int done = 0;
        progress(job, 0, gaps.size(), "downloading data");
        Path logFile = run.workDir().resolve(LOG_FILE);
        try (BufferedWriter out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            Path config = run.workDir().resolve("download-config.json");
            io.ftfleet.bot.config.TradingMode mode = io.ftfleet.bot.config.TradingMode.fromValue(need.tradingMode())
                    .orElse(io.ftfleet.bot.config.TradingMode.SPOT);
            downloads.writeConfig(config, run.jobId(), need.exchange(), mode, need.pairs(),
                    run.params().path("stake_currency").asString("USDT"));
            Path datadir = marketData.resolve(need.exchange());
            Files.createDirectories(datadir);
            Files.createDirectories(run.userData().resolve("data"));
            freqtrade.handOver(run.workDir());
            freqtrade.handOver(marketData);
            for (List<Candles.Gap> group : groups.values()) {
                List<String> args = new ArrayList<>(List.of("download-data", "--config", config.toString(),
                        "--userdir", run.userData().toString(), "--datadir", datadir.toString(), "--trading-mode",
                        mode.value(), "--data-format-ohlcv", "json", "--pairs"));
                group.forEach(g -> args.add(g.pair()));
                args.addAll(List.of("--timeframes", group.get(0).timeframe(), "--timerange",
                        Candles.downloadRange(need, clock.instant())));
                if (group.get(0).prepend()) {
                    args.add("--prepend");
                }
                out.write("$ " + String.join(" ", freqtrade.commandFor(args)));
                out.newLine();
                synchronized (r) {
                    if (r.cancelled) {
                        end(job, JobRecord.CANCELLED, null, "cancelled while downloading data", null);
                        return false;
                    }
                    r.process = freqtrade.builder(args, run.workDir(), Map.of()).redirectErrorStream(true).start();
                }
                candles.counted();
                Deque<String> tail = new ArrayDeque<>();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = JobFiles.readLine(in); line != null; line = JobFiles.readLine(in)) {
                        out.write(line);
                        out.newLine();
                        tail.addLast(line);
                        if (tail.size() > ERROR_TAIL) {
                            tail.removeFirst();
                        }
                        if (line.contains("Download history data for")) {
                            progress(job, done, gaps.size(), "downloading data");
                            done++;
                        }
                    }
                }
                int exit = r.process.waitFor();
                synchronized (r) {
                    r.process = null;
                }
                if (r.cancelled) {
                    end(job, JobRecord.CANCELLED, null, "cancelled while downloading data", null);
                    return false;
                }
                if (stopping) {
                    end(job, JobRecord.FAILED, null, JobRecovery.RESTARTED, null);
                    return false;
                }
                if (exit != 0) {
                    end(job, JobRecord.FAILED, exit, "could not download the missing candles (exit " + exit + "): "
                            + String.join(" | ", tail), null);
                    return false;
                }
            }
            progress(job, gaps.size(), gaps.size(), "downloading data");
            return true;
        } catch (IOException e) {
            end(job, JobRecord.FAILED, null, "could not download the missing candles: " + e.getMessage(), null);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(r.process);
            end(job, JobRecord.FAILED, null, "server shutting down while running", null);
            return false;
        }
    }

    private static Optional<JobKind.Progress> safeProgress(JobKind kind, String line, JobKind.Run run) {
        try {
            return kind.progress(line, run);
        } catch (RuntimeException e) {
            return Optional.empty(); // an odd line must never break the job
        }
    }

    private void progress(JobRecord job, Integer done, Integer total, String phase) {
        store.progress(job.id(), done, total, phase);
        events.publishEvent(new JobEvents.Progress(job.id(), job.ownerId(), job.kind(), JobRecord.RUNNING, done, total,
                phase));
    }

    private void end(JobRecord job, String status, Integer exitCode, String reason, JobKind.Result result) {
        if (job == null) {
            return;
        }
        String reasonText = reason == null ? null : reason.length() > 1900 ? reason.substring(0, 1900) : reason;
        boolean ended = store.finish(job.id(), status, reasonText,
                result == null || result.summary() == null ? null : json.writeValueAsString(result.summary()),
                result == null ? null : result.full(), result == null ? null : result.file(), clock.instant());
        if (ended) {
            events.publishEvent(new JobEvents.Finished(job.id(), job.ownerId(), job.kind(), status, exitCode,
                    reasonText));
        }
    }

    /** Kills the job's process tree if it runs here and waits (bounded) until the job has been recorded as ended. */
    void cancelLocal(long id) {
        Running r = running.get(id);
        if (r == null) {
            return;
        }
        Process process;
        synchronized (r) {
            r.cancelled = true;
            process = r.process;
        }
        if (process != null) {
            kill(process);
        }
        try {
            r.ended.await(properties.cancelTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM to the process and its descendants, SIGKILL to whatever is left after the cancel timeout. */
    void kill(Process process) {
        if (process == null) {
            return;
        }
        killTree(process.toHandle(), properties.cancelTimeout());
    }

    static void killTree(ProcessHandle root, Duration timeout) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle h : tree) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception stillAlive) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                log.warn("PID {} survived SIGKILL", h.pid());
            }
        }
    }

    /** Keeps this instance's running rows fresh, and kills jobs whose cancel was requested on another instance. */
    private void heartbeat() {
        try {
            for (Long id : store.heartbeat(workerId, clock.instant())) {
                Running r = running.get(id);
                if (r != null && !r.cancelled) {
                    runners.execute(() -> cancelLocal(id));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Job heartbeat failed: {}", e.toString());
        }
    }

    /** A job whose process this server stopped on its way down: re-queued when safe, else failed. */
    private void stoppedWithServer(JobRecord job, JobKind kind) {
        if (kind.safeToRerun() && store.requeueOrphan(job.id(), clock.instant(), JobRecovery.REQUEUED)) {
            return;
        }
        end(job, JobRecord.FAILED, null, JobRecovery.RESTARTED, null);
    }

    /** Stops the running processes and records each job's end before the database goes away. */
    @PreDestroy
    void shutdown() {
        accepting = false;
        stopping = true;
        timers.shutdownNow();
        List<Running> all = List.copyOf(running.values());
        all.forEach(r -> kill(r.process));
        for (Running r : all) {
            try {
                r.ended.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        runners.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
