package io.ftfleet.bot;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.ftfleet.core.ApiException;
import io.ftfleet.core.FieldViolation;
import io.ftfleet.freqai.FreqaiCatalog;
import io.ftfleet.user.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The original's prediction routes (B17, F4, V1) and V2's model metrics, all answered from the running bot's own analysed candles.
 * Read-only: viewers may use them on their bots.
 */
@RestController
@Tag(name = "freqai predictions")
class BotPredictionController {

    private final BotPredictions predictions;
    private final ObjectProvider<FreqaiCatalog> models;
    private final BotModelMetrics metrics;

    BotPredictionController(BotPredictions predictions, ObjectProvider<FreqaiCatalog> models, BotModelMetrics metrics) {
        this.predictions = predictions;
        this.models = models;
        this.metrics = metrics;
    }

    /** B17 with the original's {@code prediction}/{@code confidence} plus what they were derived from. */
    record BotPrediction(String prediction, double confidence, String target, long botId, String pair, String timeframe,
            String candleDate, Long candleTs, Map<String, Double> targets, Integer doPredict, Double diValues) {
    }

    record ModelPrediction(String status, String modelName, BotPredictions.LiveOutput prediction) {
    }

    record ModelPredictRequest(Long botId, String pair) {
    }

    record AdvancedPredictRequest(String botName, String pair, String timeframe, String strategy) {
    }

    record AdvancedPrediction(String botName, String pair, BotPredictions.LiveOutput predictions, String timestamp) {
    }

    @Operation(summary = "The running FreqAI bot's live prediction for a pair (default: its first pair); 409 when "
            + "the bot does not run FreqAI or is not running")
    @GetMapping("/api/v1/bots/{botId}/prediction")
    BotPrediction botPrediction(@PathVariable long botId, @RequestParam(required = false) String pair,
            @AuthenticationPrincipal CurrentUser user) {
        BotPredictions.LiveOutput out = predictions.read(predictions.target(botId, user), pair, user);
        BotPredictions.Direction d = BotPredictions.direction(out);
        return new BotPrediction(d.prediction(), d.confidence(), d.target(), out.botId(), out.pair(), out.timeframe(),
                out.candleDate(), out.candleTs(), out.targets(), out.doPredict(), out.diValues());
    }

    @Operation(summary = "Live output of a running bot that uses the named model (body: optional bot_id, pair)")
    @PostMapping("/api/v1/freqai/predict/{modelName}")
    ModelPrediction modelPrediction(@PathVariable String modelName,
            @RequestBody(required = false) ModelPredictRequest body, @AuthenticationPrincipal CurrentUser user) {
        FreqaiCatalog.ModelRef model = models.stream().findFirst().flatMap(c -> c.findByName(modelName))
                .filter(m -> user.isAdmin() || m.ownerId() == user.id())
                .orElseThrow(() -> ApiException.notFound("model_not_found", "Model " + modelName + " not found"));
        Long botId = body == null ? null : body.botId();
        String pair = body == null ? null : body.pair();
        List<BotPredictions.Target> using = predictions.targetsUsingModel(model.id(), user).stream()
                .filter(t -> botId == null || t.botId() == botId).toList();
        if (using.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "model_not_in_use", botId == null
                    ? "No bot of yours uses model " + modelName + "; attach it to a bot and start the bot"
                    : "Bot " + botId + " does not use model " + modelName);
        }
        ApiException last = null;
        for (BotPredictions.Target t : using) {
            try {
                return new ModelPrediction("success", model.name(), predictions.read(t, pair, user));
            } catch (ApiException e) {
                last = e; // try the next bot using the model: this one may be stopped
            }
        }
        throw last;
    }

    @Operation(summary = "Live output of the named bot for a pair (its timeframe and strategy must match)")
    @PostMapping("/api/v1/advanced/predict")
    AdvancedPrediction advancedPrediction(@RequestBody(required = false) AdvancedPredictRequest body,
            @AuthenticationPrincipal CurrentUser user) {
        if (body == null) {
            throw ApiException.invalidField("body", "is required: {bot_name, pair, timeframe, strategy}");
        }
        List<FieldViolation> errors = new java.util.ArrayList<>();
        for (var f : List.of(Map.entry("bot_name", String.valueOf(body.botName())), Map.entry("pair", String.valueOf(body.pair())),
                Map.entry("timeframe", String.valueOf(body.timeframe())), Map.entry("strategy", String.valueOf(body.strategy())))) {
            if (f.getValue().equals("null") || f.getValue().isBlank() || f.getValue().length() > 100) {
                errors.add(new FieldViolation(f.getKey(), "is required"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("Invalid prediction request", errors);
        }
        BotPredictions.Target target = predictions.targetByName(body.botName(), user);
        if (!target.timeframe().equals(body.timeframe())) {
            throw ApiException.invalidField("timeframe", "the bot analyses " + target.timeframe() + " candles");
        }
        if (!body.strategy().equals(target.strategy())) {
            throw ApiException.invalidField("strategy", "the bot runs " + target.strategy());
        }
        BotPredictions.LiveOutput out = predictions.read(target, body.pair(), user);
        return new AdvancedPrediction(target.botName(), out.pair(), out,
                LocalDateTime.now(ZoneOffset.UTC).toString());
    }

    @Operation(summary = "V2: the bot's FreqAI model quality measured on its own analysed candles (direction of the "
            + "first target vs the label recomputed from future closes); 409 when the bot does not run FreqAI or is "
            + "not running")
    @GetMapping("/api/v1/advanced/model-metrics")
    BotModelMetrics.ModelMetrics modelMetrics(@RequestParam(name = "bot_name") String botName,
            @AuthenticationPrincipal CurrentUser user) {
        // the same bounds V1 puts on bot_name: blank or oversized is the caller's mistake (422), not an unknown bot
        if (botName.isBlank() || botName.length() > 100) {
            throw ApiException.invalidField("bot_name", "is required (1-100 characters)");
        }
        return metrics.measure(botName, user);
    }
}
