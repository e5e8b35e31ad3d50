package io.ftfleet.job;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * A job as the API shows it. {@code progress.percent} is computed from {@code done}/{@code total} when both are
 * known. Timestamps: submitted ({@code created_at}), taken by a worker, process started/exited, ended.
 */
record JobView(long id, String kind, String status, long ownerId, String label, JsonNode params, Progress progress,
        Long pid, Integer exitCode, String reason, boolean cancelRequested, JsonNode summary, String resultFile,
        Instant createdAt, Instant claimedAt, Instant processStartedAt, Instant processExitedAt, Instant finishedAt) {

    record Progress(Integer done, Integer total, Double percent, String phase) {
    }

    static JobView of(JobRecord j, JobQueue queue) {
        Double percent = j.progressDone() != null && j.progressTotal() != null && j.progressTotal() > 0
                ? Math.round(1000.0 * j.progressDone() / j.progressTotal()) / 10.0 : null;
        if (JobRecord.COMPLETED.equals(j.status())) {
            percent = 100.0;
        }
        return new JobView(j.id(), j.kind(), j.status(), j.ownerId(), j.label(), queue.params(j),
                new Progress(j.progressDone(), j.progressTotal(), percent, j.progressPhase()), j.pid(), j.exitCode(),
                j.reason(), j.cancelRequested(), queue.summary(j), j.resultFile(), j.createdAt(), j.claimedAt(),
                j.processStartedAt(), j.processExitedAt(), j.finishedAt());
    }
}
