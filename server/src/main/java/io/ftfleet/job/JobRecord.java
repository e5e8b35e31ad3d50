package io.ftfleet.job;

import java.time.Instant;

/** One row of {@code jobs}. {@code params}, {@code summary} and {@code result} are JSON text. */
record JobRecord(long id, String kind, long ownerId, String status, String params, String label, Integer progressDone,
        Integer progressTotal, String progressPhase, String worker, Long pid, String workDir, boolean cancelRequested,
        Integer exitCode, String reason, String summary, String result, String resultFile, Instant createdAt,
        Instant claimedAt, Instant processStartedAt, Instant processExitedAt, Instant finishedAt,
        Instant heartbeatAt) {

    static final String QUEUED = "queued";
    static final String RUNNING = "running";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";
    static final String CANCELLED = "cancelled";

    boolean finished() {
        return COMPLETED.equals(status) || FAILED.equals(status) || CANCELLED.equals(status);
    }
}
