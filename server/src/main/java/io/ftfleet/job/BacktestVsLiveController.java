package io.ftfleet.job;

import java.net.URI;
import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.ftfleet.bot.BotDirectory;
import io.ftfleet.core.ApiException;
import io.ftfleet.user.CurrentUser;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Backtest vs live for one bot: queue the comparison, read the latest one. */
@RestController
@Tag(name = "backtests")
class BacktestVsLiveController {

    private final JobQueue queue;
    private final BotDirectory bots;
    private final JsonMapper json;

    BacktestVsLiveController(JobQueue queue, BotDirectory bots, JsonMapper json) {
        this.queue = queue;
        this.bots = bots;
        this.json = json;
    }

    /** The latest completed comparison and the job that made it. */
    record Latest(long jobId, Instant finishedAt, TradeComparison.Comparison comparison) {
    }

    @Operation(summary = "Queue a backtest of the bot's pinned strategy version with its config over the window it "
            + "traded ({\"since\", \"until\"} optional, ISO-8601) and compare it with its live trades")
    @PostMapping("/api/v1/bots/{id}/backtest-vs-live")
    @PreAuthorize("hasRole('OPERATOR')")
    ResponseEntity<JobView> submit(@PathVariable long id, @RequestBody(required = false) JsonNode request,
            @AuthenticationPrincipal CurrentUser user) {
        if (request != null && !request.isNull() && !request.isObject()) {
            throw ApiException.invalidField("body", "must be a JSON object: {\"since\": ..., \"until\": ...}");
        }
        ObjectNode body = request == null || request.isNull() ? json.createObjectNode()
                : ((ObjectNode) request).deepCopy();
        body.put("bot_id", id); // the route's bot, whatever the body says
        JobRecord job = queue.submit(BacktestVsLiveKind.NAME, body, user);
        return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id())).body(JobView.of(job, queue));
    }

    @Operation(summary = "The bot's latest completed backtest-vs-live comparison")
    @GetMapping("/api/v1/bots/{id}/backtest-vs-live")
    Latest latest(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
        bots.find(id).filter(b -> user.isAdmin() || b.ownerId() == user.id())
                .orElseThrow(() -> ApiException.notFound("bot_not_found", "Bot " + id + " not found"));
        JobRecord job = queue.latestCompletedForBot(id, BacktestVsLiveKind.NAME, user)
                .orElseThrow(() -> ApiException.notFound("comparison_not_found", "Bot " + id + " has no completed "
                        + "backtest-vs-live comparison yet: POST /api/v1/bots/" + id + "/backtest-vs-live"));
        return new Latest(job.id(), job.finishedAt(),
                json.treeToValue(queue.summary(job), TradeComparison.Comparison.class));
    }
}
