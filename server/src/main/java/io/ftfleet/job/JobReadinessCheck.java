package io.ftfleet.job;

import java.time.Clock;
import java.time.Duration;

import io.ftfleet.core.ReadinessCheck;

import org.springframework.stereotype.Component;

/** {@code jobs}: the queue table answers; how many jobs wait and run, and how long the oldest has waited. */
@Component
class JobReadinessCheck implements ReadinessCheck {

    private final JobStore store;
    private final JobWorker worker;
    private final Clock clock;

    JobReadinessCheck(JobStore store, JobWorker worker, Clock clock) {
        this.store = store;
        this.worker = worker;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "jobs";
    }

    @Override
    public Result check() {
        try {
            long queued = store.count(null, null, JobRecord.QUEUED);
            long running = store.count(null, null, JobRecord.RUNNING);
            String oldest = store.oldestQueuedAt()
                    .map(t -> Duration.between(t, clock.instant()).toSeconds() + "s").orElse("none");
            return Result.up("queued=" + queued + ", running=" + running + " (here " + worker.runningHere()
                    + "), oldest queued age=" + oldest);
        } catch (RuntimeException e) {
            return Result.down("job queue unreachable: " + e.getClass().getSimpleName());
        }
    }
}
