package io.ftfleet.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ftfleet.core.ApiException;
import io.ftfleet.freqai.FreqaiCatalog;
import io.ftfleet.user.CurrentUser;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * FreqAI training (contract 8.2): Freqtrade trains in backtesting, sliding windows over the timerange, and leaves
 * the models in {@code user_data/models/<identifier>/} (8.6). The job runs {@code freqtrade backtesting
 * --freqaimodel <class>} with the strategy version and FreqAI parameters, then registers that folder in the model
 * registry with the run's backtest summary as metrics and its lineage, so bots can use the model.
 */
@Component
class FreqaiTrainingKind implements JobKind {

    static final String NAME = "freqai_training";
    static final Pattern MODEL_NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,100}$");
    static final Pattern PYTHON_CLASS = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,99}$");
    private static final Pattern TRAINING = Pattern.compile("Training \\S+, (\\d+) trainings");

    private final StrategyRun strategyRun;
    private final ObjectProvider<FreqaiCatalog> models;
    private final JsonMapper json;

    FreqaiTrainingKind(StrategyRun strategyRun, ObjectProvider<FreqaiCatalog> models, JsonMapper json) {
        this.strategyRun = strategyRun;
        this.models = models;
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The backtest parameters ({@link StrategyRun}) plus {@code model_name} (the new model's unique name),
     * {@code model_class} (default {@code LightGBMRegressor}), {@code freqai_params} (any part of the {@code freqai}
     * section, merged over the defaults), {@code include_timeframes}, {@code include_corr_pairs}; timerange required.
     */
    @Override
    public ObjectNode validate(JsonNode request, CurrentUser user) {
        ObjectNode copy = ((ObjectNode) request).deepCopy();
        for (String key : List.of("freqai_model_id", "model_name", "model_class", "freqai_params",
                "include_timeframes", "include_corr_pairs")) {
            copy.remove(key);
        }
        StrategyRun.Fields f = new StrategyRun.Fields(request);
        String name = f.matching("model_name", MODEL_NAME, null);
        if (name == null && !f.has("model_name")) {
            f.violation("model_name", "is required: the name of the model to train (letters, digits, _ . -)");
        }
        String modelClass = f.matching("model_class", PYTHON_CLASS, "LightGBMRegressor");
        JsonNode params = request.get("freqai_params");
        if (params != null && !params.isNull() && !params.isObject()) {
            f.violation("freqai_params", "must be a JSON object (parts of the freqai config section)");
        }
        if (!f.has("timerange")) {
            f.violation("timerange", "is required: FreqAI trains on a timerange, e.g. 20240101-20240301");
        }
        List<String> timeframes = f.list("include_timeframes", null);
        List<String> corr = f.pairs("include_corr_pairs", null);
        f.throwIfInvalid();
        if (models.stream().findFirst().flatMap(c -> c.findByName(name)).isPresent()) {
            throw ApiException.conflict("model_name_taken", "A model named '" + name + "' already exists");
        }
        ObjectNode out = strategyRun.validate(copy, user);
        out.put("model_name", name);
        out.put("model_class", modelClass);
        out.put("identifier", "freqai_" + name.replaceAll("[^A-Za-z0-9_-]", "_"));
        out.set("freqai_params", params != null && params.isObject() ? params : json.createObjectNode());
        out.set("include_timeframes", json.valueToTree(timeframes != null ? timeframes
                : List.of(out.path("timeframe").asString("5m"))));
        out.set("include_corr_pairs", json.valueToTree(corr != null ? corr : StrategyRun.strings(out.path("pairs"))));
        return out;
    }

    @Override
    public Optional<Candles.Need> candles(JsonNode params) {
        return Optional.of(strategyRun.need(params));
    }

    @Override
    public String label(JsonNode params) {
        return params.path("model_name").asString(null) + " (" + params.path("strategy_name").asString(null) + ")";
    }

    @Override
    public List<String> prepare(Run run) throws IOException {
        JsonNode p = run.params();
        List<String> args = new ArrayList<>(List.of("backtesting"));
        args.addAll(strategyRun.prepare(run));
        // the same config, with the freqai section the model is trained with (the bots' generator fills defaults)
        ObjectNode config = strategyRun.config(run, Optional.of(modelRef(run)));
        Files.writeString(run.config(), json.writerWithDefaultPrettyPrinter().writeValueAsString(config));
        args.addAll(List.of("--timeframe", p.path("timeframe").asString(), "--export", "trades", "--cache", "none",
                "--freqaimodel", p.path("model_class").asString()));
        return args;
    }

    private FreqaiCatalog.ModelRef modelRef(Run run) {
        JsonNode p = run.params();
        return new FreqaiCatalog.ModelRef(0, run.ownerId(), p.path("model_name").asString(),
                p.path("identifier").asString(), p.path("model_class").asString(),
                StrategyRun.strings(p.path("include_timeframes")), StrategyRun.strings(p.path("include_corr_pairs")),
                json.writeValueAsString(p.path("freqai_params")), p.path("timerange").asString(null), Map.of());
    }

    @Override
    public Optional<Progress> progress(String line, Run run) {
        Matcher m = TRAINING.matcher(line);
        if (m.find()) {
            return Optional.of(new Progress(Integer.parseInt(m.group(1)), null, "training"));
        }
        if (line.contains("Running backtesting for")) {
            return Optional.of(new Progress(null, null, "backtesting"));
        }
        return Optional.empty();
    }

    @Override
    public Result collect(Run run) throws IOException {
        JsonNode p = run.params();
        BacktestResults.Read read = BacktestResults.latest(run.userData().resolve("backtest_results"), json);
        ObjectNode summary = BacktestResults.summary(read.stats(), p.path("strategy_name").asString(null), json);
        JsonNode config = json.readTree(JobFiles.read(run.workDir(), run.config(), 16 * 1024 * 1024));
        ObjectNode freqai = config.path("freqai").isObject() ? (ObjectNode) config.get("freqai").deepCopy()
                : json.createObjectNode();
        String identifier = p.path("identifier").asString();
        // the model folder was written by strategy code: neither it nor a folder above it may lead out of the job
        Path modelsDir = run.userData().resolve("models").resolve(identifier);
        try {
            JobFiles.directoryInside(run.workDir(), modelsDir);
        } catch (IOException e) {
            throw new IOException("no model folder at models/" + identifier + " inside the job: the run trained no "
                    + "model, or the folder is a link out of the job (not followed)", e);
        }
        long modelId;
        try {
            modelId = models.getObject().registerTrained(new FreqaiCatalog.Trained(p.path("model_name").asString(),
                    run.ownerId(), identifier, p.path("model_class").asString(),
                    modelsDir,
                    StrategyRun.strings(p.path("include_timeframes")), StrategyRun.strings(p.path("include_corr_pairs")),
                    json.writeValueAsString(freqai), json.writeValueAsString(summary),
                    p.path("strategy_version_id").asLong(), p.path("timerange").asString(null), run.jobId()));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        summary.put("model_id", modelId);
        summary.put("model_name", p.path("model_name").asString());
        return new Result(summary, read.text(), "user_data/backtest_results/" + read.file());
    }
}
