package io.ftfleet.job;

import java.net.URI;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.ftfleet.core.ApiException;
import io.ftfleet.user.CurrentUser;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/** The generic job routes: every kind, with the caller's scope (own jobs; admins all). */
@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "jobs")
class JobController {

    private final JobQueue queue;

    JobController(JobQueue queue) {
        this.queue = queue;
    }

    record Page(List<JobView> items, long total, int skip, int limit) {
    }

    record Submit(String kind, JsonNode params) {
    }

    record LogTail(long jobId, List<String> lines) {
    }

    @Operation(summary = "Job history, newest first (yours; all for admins)")
    @GetMapping({ "", "/" })
    Page list(@RequestParam(defaultValue = "0") @Min(0) int skip,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(required = false) @Pattern(regexp = "[a-z_]{1,32}") String kind,
            @RequestParam(required = false) @Pattern(regexp = "queued|running|completed|failed|cancelled") String status,
            @AuthenticationPrincipal CurrentUser user) {
        List<JobView> items = queue.list(user, kind, status, skip, limit).stream().map(j -> JobView.of(j, queue))
                .toList();
        return new Page(items, queue.count(user, kind, status), skip, limit);
    }

    @Operation(summary = "Queue a job of any kind: {\"kind\": \"backtest|hyperopt|download|freqai_training|lookahead_analysis|recursive_analysis|backtest_vs_live\", \"params\": {...}}")
    @PostMapping({ "", "/" })
    @PreAuthorize("hasRole('OPERATOR')")
    ResponseEntity<JobView> submit(@RequestBody Submit request, @AuthenticationPrincipal CurrentUser user) {
        if (request == null || request.kind() == null) {
            throw ApiException.invalidField("kind", "is required");
        }
        JobRecord job = queue.submit(request.kind(), request.params(), user);
        return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id())).body(JobView.of(job, queue));
    }

    @Operation(summary = "A job with its progress and summary")
    @GetMapping("/{id}")
    JobView get(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
        return JobView.of(queue.get(id, user), queue);
    }

    @Operation(summary = "Cancel a job: a queued one at once, a running one has its process tree killed")
    @PostMapping("/{id}/cancel")
    @PreAuthorize("hasRole('OPERATOR')")
    JobView cancel(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
        return JobView.of(queue.cancel(id, user), queue);
    }

    @Operation(summary = "The last lines of the job's output (stdout and stderr)")
    @GetMapping("/{id}/log")
    LogTail log(@PathVariable long id, @RequestParam(defaultValue = "200") @Min(1) @Max(JobQueue.MAX_LOG_LINES) int lines,
            @AuthenticationPrincipal CurrentUser user) {
        return new LogTail(id, queue.logTail(id, lines, user));
    }
}
