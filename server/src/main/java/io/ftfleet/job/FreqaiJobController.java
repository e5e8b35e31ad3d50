package io.ftfleet.job;

import java.net.URI;

import io.ftfleet.bot.BotDirectory;
import io.ftfleet.core.ApiException;
import io.ftfleet.freqai.FreqaiCatalog;
import io.ftfleet.user.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.beans.factory.ObjectProvider;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * The original's FreqAI training and backtest routes (F1, F5, F6, M4), now jobs on the queue: the query parameters
 * keep their names; an optional JSON body adds what the original could not express (pairs, FreqAI parameters, ...).
 */
@RestController
@Tag(name = "freqai jobs")
class FreqaiJobController {

    private final JobQueue queue;
    private final ObjectProvider<FreqaiCatalog> models;
    private final BotDirectory bots;
    private final JsonMapper json;

    FreqaiJobController(JobQueue queue, ObjectProvider<FreqaiCatalog> models, BotDirectory bots, JsonMapper json) {
        this.queue = queue;
        this.models = models;
        this.bots = bots;
        this.json = json;
    }

    record TrainResponse(String status, String message, String modelName, String strategy, String timerange,
            long jobId, JobView job) {
    }

    record BacktestResponse(String status, String message, long taskId, JobView task) {
    }

    record TaskResponse(String status, JobView task) {
    }

    record ModelBacktestRequest(Long botId, String timerange) {
    }

    @Operation(summary = "F1: queue a FreqAI training job (backtesting with --freqaimodel); the trained model is "
            + "registered under model_name when it ends")
    @PostMapping("/api/v1/freqai/train")
    @PreAuthorize("hasRole('OPERATOR')")
    ResponseEntity<TrainResponse> train(@RequestParam("model_name") String modelName,
            @RequestParam(name = "strategy_name", defaultValue = "FreqaiExampleStrategy") String strategyName,
            @RequestParam(defaultValue = "20240101-20241201") String timerange,
            @RequestBody(required = false) JsonNode body, @AuthenticationPrincipal CurrentUser user) {
        ObjectNode request = object(body);
        request.put("model_name", modelName);
        request.put("strategy_name", strategyName);
        request.put("timerange", timerange);
        JobRecord job = queue.submit(FreqaiTrainingKind.NAME, request, user);
        return ResponseEntity.accepted().location(URI.create("/api/v1/jobs/" + job.id()))
                .body(new TrainResponse("queued", "Training queued as job " + job.id(), modelName, strategyName,
                        timerange, job.id(), JobView.of(job, queue)));
    }

    @Operation(summary = "F5: queue a backtest of a strategy with a registered FreqAI model (by name)")
    @PostMapping("/api/v1/freqai/backtest")
    @PreAuthorize("hasRole('OPERATOR')")
    ResponseEntity<BacktestResponse> backtest(@RequestParam("strategy_name") String strategyName,
            @RequestParam("freqai_model") String modelName,
            @RequestParam(defaultValue = "20240101-20240102") String timerange,
            @RequestBody(required = false) JsonNode body, @AuthenticationPrincipal CurrentUser user) {
        FreqaiCatalog.ModelRef model = models.stream().findFirst().flatMap(c -> c.findByName(modelName))
                .filter(m -> user.isAdmin() || m.ownerId() == user.id())
                .orElseThrow(() -> ApiException.notFound("freqai_model_not_found", "FreqAI model not found"));
        ObjectNode request = object(body);
        request.put("strategy_name", strategyName);
        request.put("timerange", timerange);
        request.put("freqai_model_id", model.id());
        if (!request.has("pairs") && !model.includeCorrPairs().isEmpty()) {
            request.set("pairs", json.valueToTree(model.includeCorrPairs()));
        }
        return backtestJob(request, user);
    }

    @Operation(summary = "F6: a FreqAI backtest (job) with its summary")
    @GetMapping("/api/v1/freqai/backtest/{taskId}")
    TaskResponse task(@PathVariable long taskId, @AuthenticationPrincipal CurrentUser user) {
        return new TaskResponse("success", JobView.of(queue.get(taskId, BacktestKind.NAME, "Task " + taskId
                + " not found", user), queue));
    }

    @Operation(summary = "M4: queue a backtest of a bot's setup with a registered model (default timerange: the "
            + "model's training timerange)")
    @PostMapping("/api/v1/freqai/models/{modelId}/backtest")
    @PreAuthorize("hasRole('OPERATOR')")
    ResponseEntity<BacktestResponse> modelBacktest(@PathVariable long modelId,
            @RequestBody(required = false) ModelBacktestRequest body, @AuthenticationPrincipal CurrentUser user) {
        FreqaiCatalog.ModelRef model = models.stream().findFirst().flatMap(c -> c.find(modelId))
                .filter(m -> user.isAdmin() || m.ownerId() == user.id())
                .orElseThrow(() -> ApiException.notFound("freqai_model_not_found", "FreqAI model not found"));
        if (body == null || body.botId() == null) {
            throw ApiException.invalidField("bot_id", "is required");
        }
        BotDirectory.BotSummary bot = bots.find(body.botId()).filter(b -> user.isAdmin() || b.ownerId() == user.id())
                .orElseThrow(() -> ApiException.notFound("bot_not_found", "Bot for configuration not found"));
        ObjectNode request = json.createObjectNode();
        request.put("bot_id", bot.id());
        bots.configWithoutSecrets(bot.id()).map(c -> c.path("strategy").asString(null))
                .ifPresent(s -> request.put("strategy_name", s));
        String timerange = body.timerange() != null ? body.timerange() : model.timerange();
        if (timerange != null) {
            request.put("timerange", timerange);
        }
        request.put("freqai_model_id", model.id());
        return backtestJob(request, user);
    }

    private ResponseEntity<BacktestResponse> backtestJob(ObjectNode request, CurrentUser user) {
        JobRecord job = queue.submit(BacktestKind.NAME, request, user);
        return ResponseEntity.accepted().location(URI.create("/api/v1/freqai/backtest/" + job.id()))
                .body(new BacktestResponse("queued", "Backtest queued as job " + job.id(), job.id(),
                        JobView.of(job, queue)));
    }

    private ObjectNode object(JsonNode body) {
        if (body == null || body.isNull()) {
            return json.createObjectNode();
        }
        if (!body.isObject()) {
            throw ApiException.invalidField("body", "must be a JSON object");
        }
        return ((ObjectNode) body).deepCopy();
    }

}
