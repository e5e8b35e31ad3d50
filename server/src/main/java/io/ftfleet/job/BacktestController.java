package io.ftfleet.job;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backtests as jobs: {@code /api/v1/backtests} (new) and the original's {@code /api/v1/strategies/backtest} routes
 * (S8–S10, field names kept, now authenticated and owner-scoped).
 */
@RestController
@Tag(name = "backtests")
class BacktestController {

    static final String NOT_FOUND = "Backtest result not found";
    /** The figures compared side by side; "higher is better" unless listed in {@link #LOWER_IS_BETTER}. */
    static final List<String> COMPARED = List.of("profit_abs", "profit_pct", "trades", "win_rate_pct",
            "max_drawdown_account_pct", "sharpe", "sortino", "calmar", "profit_factor", "final_balance");
    static final List<String> LOWER_IS_BETTER = List.of("max_drawdown_account_pct");

    private final JobQueue queue;
    private final JsonMapper json;

    BacktestController(JobQueue queue, JsonMapper json) {
        this.queue = queue;
        this.json = json;
    }

    record Page(List<JobView> items, long total, int skip, int limit) {
    }

    record Comparison(List<Long> ids, List<String> metrics, List<Map<String, Object>> runs, Map<String, Long> best) {
    }

    @Operation(summary = "Queue a backtest: strategy (version) × timerange × timeframe × pairs × stake × wallet "
            + "[× FreqAI model]")
    @PostMapping({ "/api/v1/backtests", "/api/v1/backtests/" })
    @PreAuthorize("hasRole('OPERATOR')")
    ResponseEntity<JobView> submit(@RequestBody JsonNode request, @AuthenticationPrincipal CurrentUser user) {
        JobRecord job = queue.submit(BacktestKind.NAME, request, user);
        return ResponseEntity.accepted().location(URI.create("/api/v1/backtests/" + job.id()))
                .body(JobView.of(job, queue));
    }

    @Operation(summary = "Backtests, newest first (yours; all for admins)")
    @GetMapping({ "/api/v1/backtests", "/api/v1/backtests/" })
    Page list(@RequestParam(defaultValue = "0") @Min(0) int skip,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @AuthenticationPrincipal CurrentUser user) {
        return new Page(queue.list(user, BacktestKind.NAME, null, skip, limit).stream()
                .map(j -> JobView.of(j, queue)).toList(), queue.count(user, BacktestKind.NAME, null), skip, limit);
    }

    @Operation(summary = "A backtest with its summary (profit, trades, win rate, drawdown, ratios, per pair)")
    @GetMapping("/api/v1/backtests/{id}")
    JobView get(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
        return JobView.of(queue.get(id, BacktestKind.NAME, NOT_FOUND, user), queue);
    }

    @Operation(summary = "The complete Freqtrade result of a completed backtest (the stats file as written)")
    @GetMapping("/api/v1/backtests/{id}/result")
    JsonNode result(@PathVariable long id, @AuthenticationPrincipal CurrentUser user) {
        JobRecord job = queue.get(id, BacktestKind.NAME, NOT_FOUND, user);
        JsonNode result = queue.result(job);
        if (result == null) {
            throw ApiException.conflict("no_result", "Backtest " + id + " has no result (" + job.status() + ")");
        }
        return result;
    }

    @Operation(summary = "Several completed backtests side by side, e.g. ?ids=1,2,3")
    @GetMapping("/api/v1/backtests/compare")
    Comparison compare(@RequestParam List<Long> ids, @AuthenticationPrincipal CurrentUser user) {
        List<Long> distinct = ids.stream().distinct().toList();
        if (distinct.size() < 2 || distinct.size() > 20) {
            throw ApiException.invalidField("ids", "give 2 to 20 backtest ids");
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        Map<String, Long> best = new LinkedHashMap<>();
        Map<String, Double> bestValue = new LinkedHashMap<>();
        for (long id : distinct) {
            JobRecord job = queue.get(id, BacktestKind.NAME, NOT_FOUND + ": " + id, user);
            JsonNode summary = queue.summary(job);
            if (summary == null) {
                throw ApiException.conflict("backtest_not_completed", "Backtest " + id + " is " + job.status()
                        + "; only completed backtests can be compared");
            }
            JsonNode params = queue.params(job);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("id", id);
            run.put("strategy", summary.path("strategy").asString(null));
            run.put("strategy_version_id", params.path("strategy_version_id").asLong());
            run.put("timerange", summary.path("timerange").asString(null));
            run.put("timeframe", summary.path("timeframe").asString(null));
            run.put("pairs", params.path("pairs"));
            run.put("stake_amount", params.path("stake_amount").asString(null));
            run.put("dry_run_wallet", params.path("dry_run_wallet").asString(null));
            run.put("freqai_model_id", params.hasNonNull("freqai_model_id") ? params.get("freqai_model_id").asLong()
                    : null);
            for (String metric : COMPARED) {
                JsonNode v = summary.get(metric);
                Double value = v != null && v.isNumber() ? v.asDouble() : null;
                run.put(metric, value);
                if (value != null) {
                    Double current = bestValue.get(metric);
                    boolean lower = LOWER_IS_BETTER.contains(metric);
                    if (current == null || (lower ? value < current : value > current)) {
                        bestValue.put(metric, value);
                        best.put(metric, id);
                    }
                }
            }
            runs.add(run);
        }
        return new Comparison(distinct, COMPARED, runs, best);
    }


    @Operation(summary = "S8: queue a backtest of a strategy with a bot's setup (bot_id) or explicit fields")
    @PostMapping("/api/v1/strategies/backtest")
    @PreAuthorize("hasRole('OPERATOR')")
    JobResult legacySubmit(@RequestBody JsonNode request, @AuthenticationPrincipal CurrentUser user) {
        return JobResult.of(queue.submit(BacktestKind.NAME, request, user), queue, json);
    }

    @Operation(summary = "S9: backtest results, newest first (yours; all for admins)")
    @GetMapping("/api/v1/strategies/backtest/results")
    List<JobResult> legacyList(@RequestParam(defaultValue = "0") @Min(0) int skip,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @AuthenticationPrincipal CurrentUser user) {
        return queue.list(user, BacktestKind.NAME, null, skip, limit).stream()
                .map(j -> JobResult.of(j, queue, json)).toList();
    }

    @Operation(summary = "S10: one backtest result")
    @GetMapping("/api/v1/strategies/backtest/results/{resultId}")
    JobResult legacyGet(@PathVariable long resultId, @AuthenticationPrincipal CurrentUser user) {
        return JobResult.of(queue.get(resultId, BacktestKind.NAME, NOT_FOUND, user), queue, json);
    }
}
