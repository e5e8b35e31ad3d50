package io.ftfleet.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import io.ftfleet.core.ApiException;
import io.ftfleet.user.CurrentUser;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Submit, read and cancel jobs with the caller's scope: users see their own jobs, admins all; a job someone may not
 * see does not exist for them (404). Viewers may read but not submit or cancel (checked on the routes).
 */
@Service
class JobQueue {

    static final int MAX_LOG_LINES = 2000;

    private final JobStore store;
    private final JobKinds kinds;
    private final JobWorker worker;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    JobQueue(JobStore store, JobKinds kinds, JobWorker worker, JsonMapper json, ApplicationEventPublisher events,
            Clock clock) {
        this.store = store;
        this.kinds = kinds;
        this.worker = worker;
        this.json = json;
        this.events = events;
        this.clock = clock;
    }

    JobRecord submit(String kindName, JsonNode request, CurrentUser user) {
        JobKind kind = kinds.find(kindName).orElseThrow(() -> ApiException.invalidField("kind",
                "unknown job kind; one of " + kinds.names()));
        if (request == null || !request.isObject()) {
            throw ApiException.invalidField("params", "must be a JSON object");
        }
        ObjectNode params = kind.validate(request, user);
        if (!params.path("download_missing").asBoolean(true)) {
            kind.candles(params).ifPresent(need -> {
                List<Candles.Gap> gaps = Candles.missing(worker.marketData(), need, clock.instant(), json);
                if (!gaps.isEmpty()) {
                    throw ApiException.conflict("data_missing", JobWorker.dataMissing(gaps)).with("missing",
                            gaps.stream().map(g -> Map.of("pair", g.pair(), "timeframe", g.timeframe(), "why",
                                    g.why())).toList());
                }
            });
        }
        long id = store.insert(kind.name(), user.id(), json.writeValueAsString(params), kind.label(params),
                params.hasNonNull("strategy_version_id") ? params.get("strategy_version_id").asLong() : null,
                params.path("bot_id").isIntegralNumber() ? params.get("bot_id").asLong() : null, clock.instant());
        events.publishEvent(new JobEvents.Submitted(id, user.id(), kind.name(),
                Map.of("kind", kind.name(), "label", String.valueOf(kind.label(params)))));
        worker.wake();
        return store.find(id).orElseThrow();
    }

    /** Checks a request without queueing it. */
    void validateOnly(String kindName, JsonNode request, CurrentUser user) {
        kinds.find(kindName).orElseThrow().validate(request, user);
    }

    JobRecord get(long id, CurrentUser user) {
        return store.find(id).filter(j -> visible(j, user))
                .orElseThrow(() -> ApiException.notFound("job_not_found", "Job " + id + " not found"));
    }

    /** A job of one kind, with that kind's not-found message (the original's routes keep their wording). */
    JobRecord get(long id, String kind, String notFound, CurrentUser user) {
        return store.find(id).filter(j -> visible(j, user) && j.kind().equals(kind))
                .orElseThrow(() -> ApiException.notFound("job_not_found", notFound));
    }

    /** The newest completed job of this kind about this bot that the caller may see. */
    java.util.Optional<JobRecord> latestCompletedForBot(long botId, String kind, CurrentUser user) {
        return store.latestCompletedForBot(botId, kind, scope(user));
    }

    List<JobRecord> list(CurrentUser user, String kind, String status, int skip, int limit) {
        return store.list(scope(user), kind, status, skip, limit);
    }

    long count(CurrentUser user, String kind, String status) {
        return store.count(scope(user), kind, status);
    }

    /**
     * A queued job is cancelled at once; a running one has its process tree killed and ends {@code cancelled}. Waits
     * until the job has ended when it runs on this server instance.
     */
    JobRecord cancel(long id, CurrentUser user) {
        JobRecord job = get(id, user);
        if (job.finished()) {
            throw ApiException.conflict("job_finished", "Job " + id + " already ended " + job.status());
        }
        events.publishEvent(new JobEvents.CancelRequested(id, job.ownerId(), job.kind()));
        if (store.cancelQueued(id, clock.instant())) {
            events.publishEvent(new JobEvents.Finished(id, job.ownerId(), job.kind(), JobRecord.CANCELLED, null,
                    "cancelled before it started"));
            return store.find(id).orElseThrow();
        }
        if (store.requestCancel(id)) {
            worker.cancelLocal(id); // another instance notices the flag at its next heartbeat
        }
        return store.find(id).orElseThrow();
    }

    /** The last {@code lines} lines of the job's output (stdout and stderr interleaved). */
    List<String> logTail(long id, int lines, CurrentUser user) {
        JobRecord job = get(id, user);
        if (job.workDir() == null) {
            return List.of();
        }
        Path log = Path.of(job.workDir()).resolve(JobWorker.LOG_FILE);
        if (!Files.isRegularFile(log, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        Deque<String> tail = new ArrayDeque<>();
        // The job's process may own the directory: never follow a link it put in the log's place.
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                Files.newInputStream(JobFiles.inside(Path.of(job.workDir()), log), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = JobFiles.readLine(reader)) != null) {
                tail.addLast(line);
                if (tail.size() > lines) {
                    tail.removeFirst();
                }
            }
        } catch (IOException e) {
            throw new ApiException(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "job_log_unreadable",
                    "The log of job " + id + " cannot be read right now");
        }
        return List.copyOf(tail);
    }

    JsonNode params(JobRecord job) {
        return json.readTree(job.params());
    }

    JsonNode summary(JobRecord job) {
        return job.summary() == null ? null : json.readTree(job.summary());
    }

    JsonNode result(JobRecord job) {
        return job.result() == null ? null : json.readTree(job.result());
    }

    static boolean visible(JobRecord job, CurrentUser user) {
        return user.isAdmin() || job.ownerId() == user.id();
    }

    private static Long scope(CurrentUser user) {
        return user.isAdmin() ? null : user.id();
    }
}
