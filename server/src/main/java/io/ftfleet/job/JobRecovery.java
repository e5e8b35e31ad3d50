package io.ftfleet.job;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A job is never left {@code running} forever: a running row whose worker stopped sending heartbeats (the server
 * died or was restarted) is ended {@code failed} with the reason, or put back in the queue when its kind is safe to
 * run again (a download). Runs at start-up, before this instance takes jobs, and then every heartbeat interval, so a
 * surviving instance also cleans up after one that died. A leftover process of the job on this machine is killed.
 */
@Component
class JobRecovery {

    private static final Logger log = LoggerFactory.getLogger(JobRecovery.class);
    static final String RESTARTED = "server restarted while running";
    static final String REQUEUED = "re-queued: the server restarted while it ran";

    private final JobStore store;
    private final JobKinds kinds;
    private final JobProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ftfleet-job-recovery");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean scheduled;

    JobRecovery(JobStore store, JobKinds kinds, JobProperties properties, ApplicationEventPublisher events,
            Clock clock) {
        this.store = store;
        this.kinds = kinds;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    @EventListener(ContextRefreshedEvent.class)
    void atStartup() {
        if (scheduled) {
            return;
        }
        scheduled = true;
        // At start-up every running row is an orphan unless another live instance touched it recently.
        recover(clock.instant().minus(properties.staleAfter()));
        long every = properties.heartbeatInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                recover(clock.instant().minus(properties.staleAfter()));
            } catch (RuntimeException e) {
                log.warn("Job recovery sweep failed: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Ends or re-queues every running job without a heartbeat since {@code cutoff}; returns how many. */
    int recover(Instant cutoff) {
        int n = 0;
        for (JobRecord job : store.orphans(cutoff)) {
            killLeftover(job);
            boolean rerun = !job.cancelRequested() && kinds.find(job.kind()).map(JobKind::safeToRerun).orElse(false);
            if (rerun && store.requeueOrphan(job.id(), job.heartbeatAt(), REQUEUED)) {
                log.info("Job {} ({}) was running when its server stopped; re-queued", job.id(), job.kind());
                n++;
            } else if (store.failOrphan(job.id(), job.heartbeatAt(), job.cancelRequested()
                    ? "cancelled; the server restarted while running" : RESTARTED, clock.instant())) {
                log.info("Job {} ({}) was running when its server stopped; ended failed", job.id(), job.kind());
                events.publishEvent(new JobEvents.Finished(job.id(), job.ownerId(), job.kind(), JobRecord.FAILED,
                        null, RESTARTED));
                n++;
            }
        }
        return n;
    }

    /** Only a process whose command line names this job's own directory: a reused pid is left alone. */
    private void killLeftover(JobRecord job) {
        if (job.pid() == null || job.workDir() == null) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(job.pid());
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return;
        }
        String cmd = handle.get().info().commandLine().orElse("");
        if (cmd.contains(job.workDir())) {
            log.info("Killing leftover process {} of job {}", job.pid(), job.id());
            JobWorker.killTree(handle.get(), properties.cancelTimeout());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
