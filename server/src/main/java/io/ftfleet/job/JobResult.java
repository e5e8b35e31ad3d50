package io.ftfleet.job;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The original's JobResult shape (spec: strategy backtest and hyperopt rows) with its field names:
 * {@code bot_config} is the run's setup (strategy version, pairs, timeframe, stake, wallet...), {@code results}
 * the parsed summary once completed or {@code {"error": reason}} once failed/cancelled; {@code celery_task_id} is
 * always null (there is no Celery). {@code progress} and {@code reason} are additions.
 */
record JobResult(long id, String strategyName, JsonNode botConfig, String celeryTaskId, String status,
        JsonNode results, Instant createdAt, JobView.Progress progress, String reason, Instant finishedAt) {

    static JobResult of(JobRecord j, JobQueue queue, JsonMapper json) {
        JobView view = JobView.of(j, queue);
        JsonNode results = view.summary();
        if (results == null && (JobRecord.FAILED.equals(j.status()) || JobRecord.CANCELLED.equals(j.status()))) {
            results = json.createObjectNode().put("error", j.reason());
        }
        return new JobResult(j.id(), j.label(), view.params(), null, j.status(), results, j.createdAt(),
                view.progress(), j.reason(), j.finishedAt());
    }
}
