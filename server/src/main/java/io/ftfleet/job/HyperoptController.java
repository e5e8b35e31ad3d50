package io.ftfleet.job;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.ftfleet.core.ApiException;
import io.ftfleet.user.CurrentUser;

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

/** The original's hyperopt routes (H1–H3), as jobs; authenticated and owner-scoped. */
@RestController
@Tag(name = "hyperopt")
class HyperoptController {

    static final String NOT_FOUND = "Hyperopt result not found";

    private final JobQueue queue;
    private final JsonMapper json;

    HyperoptController(JobQueue queue, JsonMapper json) {
        this.queue = queue;
        this.json = json;
    }

    @Operation(summary = "H1: queue a hyperopt: strategy_name, bot_id or explicit setup, epochs (100), spaces "
            + "(\"buy sell\" or a list), loss, min_trades, random_state, timerange")
    @PostMapping({ "/api/v1/hyperopt", "/api/v1/hyperopt/" })
    @PreAuthorize("hasRole('OPERATOR')")
    JobResult submit(@RequestBody JsonNode request, @AuthenticationPrincipal CurrentUser user) {
        if (request != null && request.has("spaces") && !request.get("spaces").isString()
                && !request.get("spaces").isArray() && !request.get("spaces").isNull()) {
            throw ApiException.invalidField("spaces", "must be a string such as \"buy sell\" or a list");
        }
        return JobResult.of(queue.submit(HyperoptKind.NAME, request, user), queue, json);
    }

    @Operation(summary = "H2: hyperopt results, newest first (yours; all for admins)")
    @GetMapping("/api/v1/hyperopt/results")
    List<JobResult> list(@RequestParam(defaultValue = "0") @Min(0) int skip,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @AuthenticationPrincipal CurrentUser user) {
        return queue.list(user, HyperoptKind.NAME, null, skip, limit).stream().map(j -> JobResult.of(j, queue, json))
                .toList();
    }

    @Operation(summary = "H3: one hyperopt result: best epoch, its loss, parameters and metrics")
    @GetMapping("/api/v1/hyperopt/results/{resultId}")
    JobResult get(@PathVariable long resultId, @AuthenticationPrincipal CurrentUser user) {
        return JobResult.of(queue.get(resultId, HyperoptKind.NAME, NOT_FOUND, user), queue, json);
    }
}
