package io.ftfleet.job;

import java.util.Map;

import io.ftfleet.core.AuditableEvent;

/** What happens to jobs, for the event stream and the audit trail. */
public final class JobEvents {

    private JobEvents() {
    }

    public record Submitted(long jobId, long ownerId, String kind, Map<String, Object> after) implements AuditableEvent {
        @Override
        public String action() {
            return "job.submitted";
        }

        @Override
        public String targetType() {
            return "job";
        }

        @Override
        public String targetId() {
            return Long.toString(jobId);
        }
    }

    public record CancelRequested(long jobId, long ownerId, String kind) implements AuditableEvent {
        @Override
        public String action() {
            return "job.cancelled";
        }

        @Override
        public String targetType() {
            return "job";
        }

        @Override
        public String targetId() {
            return Long.toString(jobId);
        }
    }

    /** Measured from the process's output; {@code done}/{@code total} may be null when the phase has no count. */
    public record Progress(long jobId, long ownerId, String kind, String status, Integer done, Integer total,
            String phase) {
    }

    /** {@code status} is {@code completed}, {@code failed} or {@code cancelled}. */
    public record Finished(long jobId, long ownerId, String kind, String status, Integer exitCode, String reason) {
    }
}
