package io.ftfleet.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link ReadinessCheck}s in the background every {@code interval} and keeps their last results, so
 * {@code /health} answers from memory: a request never opens a database connection or waits for a slow component
 * (before, a database outage held every {@code /health} request for the pool's connection timeout). Each check runs
 * on its own thread; one that has not answered for longer than an interval is reported down ("no answer"), so any
 * outage shows within one interval of the last good result, even when the check itself hangs.
 */
public final class Readiness implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Readiness.class);

    /** One check's last completed result, when it completed, and when its current run (if any) started. */
    public record Status(String name, boolean required, boolean up, String detail, Duration age) {
    }

    private record Last(ReadinessCheck.Result result, Instant at) {
    }

    private final List<ReadinessCheck> checks;
    private final Duration interval;
    private final Clock clock;
    private final Map<String, Last> last = new ConcurrentHashMap<>();
    private final Map<String, Instant> runningSince = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("ftfleet-readiness"));
    private final ExecutorService runners = Executors.newCachedThreadPool(daemon("ftfleet-readiness-check"));

    public Readiness(List<ReadinessCheck> checks, Duration interval, Clock clock) {
        this.checks = List.copyOf(checks);
        this.interval = interval;
        this.clock = clock;
        for (ReadinessCheck check : this.checks) {
            running.put(check.name(), new AtomicBoolean());
        }
    }

    /** Runs every check once, waiting for them (so the first answer is real), then every interval in the background. */
    public void start() {
        for (ReadinessCheck check : checks) {
            run(check);
        }
        timer.scheduleWithFixedDelay(this::cycle, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs every check once now and waits for them (after start-up work, so the next answer is real). */
    public void checkAllNow() {
        for (ReadinessCheck check : checks) {
            run(check);
        }
    }

    /** Starts a round of checks now, in the background (checks already running are not started twice). */
    public void checkNow() {
        cycle();
    }

    private void cycle() {
        for (ReadinessCheck check : checks) {
            AtomicBoolean busy = running.get(check.name());
            if (busy.compareAndSet(false, true)) {
                runningSince.put(check.name(), clock.instant());
                try {
                    runners.execute(() -> {
                        try {
                            run(check);
                        } finally {
                            runningSince.remove(check.name());
                            busy.set(false);
                        }
                    });
                } catch (RuntimeException rejected) {
                    runningSince.remove(check.name());
                    busy.set(false);
                }
            }
        }
    }

    private void run(ReadinessCheck check) {
        ReadinessCheck.Result result;
        try {
            result = check.check();
        } catch (RuntimeException e) {
            log.warn("Readiness check {} failed", check.name(), e);
            result = ReadinessCheck.Result.down("check failed");
        }
        Last previous = last.put(check.name(), new Last(result, clock.instant()));
        if (previous != null && previous.result().up() != result.up()) {
            log.info("Readiness check {} is now {}: {}", check.name(), result.up() ? "up" : "down", result.detail());
        }
    }

    /** The last result of every check, in order; a check that is overdue counts as down. */
    public List<Status> statuses() {
        Instant now = clock.instant();
        return checks.stream().map(check -> {
            Last result = last.get(check.name());
            Instant since = runningSince.get(check.name());
            if (since != null && Duration.between(since, now).compareTo(interval) > 0) {
                return new Status(check.name(), check.required(), false,
                        "no answer for " + Duration.between(since, now).toMillis() + " ms",
                        result == null ? Duration.ZERO : Duration.between(result.at(), now));
            }
            if (result == null) {
                return new Status(check.name(), check.required(), false, "not checked yet", Duration.ZERO);
            }
            return new Status(check.name(), check.required(), result.result().up(), result.result().detail(),
                    Duration.between(result.at(), now));
        }).toList();
    }

    public Duration interval() {
        return interval;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
        runners.shutdownNow();
    }
}
