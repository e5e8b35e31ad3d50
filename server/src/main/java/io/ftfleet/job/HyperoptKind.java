package io.ftfleet.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ftfleet.user.CurrentUser;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code freqtrade hyperopt} with only the options Freqtrade has: {@code --epochs}, {@code --spaces},
 * {@code --hyperopt-loss}, {@code --min-trades}, {@code --random-state}, {@code -j/--job-workers} (the original
 * passed {@code --non-interactive} and {@code --json}, which do not exist). The best epoch is read from the
 * {@code .fthypt} file named by {@code hyperopt_results/.last_result.json}: one JSON object per epoch line.
 */
@Component
class HyperoptKind implements JobKind {

    static final String NAME = "hyperopt";
    static final List<String> SPACES = List.of("all", "buy", "sell", "roi", "stoploss", "trailing", "protection",
            "trades", "default");
    static final List<String> LOSSES = List.of("ShortTradeDurHyperOptLoss", "OnlyProfitHyperOptLoss",
            "SharpeHyperOptLoss", "SharpeHyperOptLossDaily", "SortinoHyperOptLoss", "SortinoHyperOptLossDaily",
            "CalmarHyperOptLoss", "MaxDrawDownHyperOptLoss", "MaxDrawDownRelativeHyperOptLoss",
            "ProfitDrawDownHyperOptLoss", "MultiMetricHyperOptLoss");
    private static final Pattern EPOCH = Pattern.compile("(?:^[* ]\\s*|Epochs\\b.*?\\s)(\\d+)/(\\d+)");

    private final StrategyRun strategyRun;
    private final JsonMapper json;

    HyperoptKind(StrategyRun strategyRun, JsonMapper json) {
        this.strategyRun = strategyRun;
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode validate(JsonNode request, CurrentUser user) {
        StrategyRun.Fields f = new StrategyRun.Fields(request);
        Integer epochs = f.intValue("epochs", 1, 100000, 100);
        List<String> spaces = f.list("spaces", List.of("buy", "sell"));
        if (spaces != null && (spaces.isEmpty() || !SPACES.containsAll(spaces))) {
            f.violation("spaces", "must be some of " + SPACES);
        }
        String loss = f.string("loss", f.string("hyperopt_loss", "SharpeHyperOptLoss"));
        if (loss != null && !LOSSES.contains(loss)) {
            f.violation("loss", "must be one of Freqtrade's loss functions " + LOSSES);
        }
        Integer minTrades = f.intValue("min_trades", 1, 1000000, null);
        Integer randomState = f.intValue("random_state", 0, Integer.MAX_VALUE, null);
        Integer jobWorkers = f.intValue("job_workers", -1, 64, null);
        f.throwIfInvalid();
        ObjectNode out = strategyRun.validate(request, user);
        out.put("epochs", epochs);
        out.set("spaces", json.valueToTree(spaces));
        out.put("loss", loss);
        if (minTrades != null) {
            out.put("min_trades", minTrades);
        }
        if (randomState != null) {
            out.put("random_state", randomState);
        }
        if (jobWorkers != null) {
            out.put("job_workers", jobWorkers);
        }
        return out;
    }

    @Override
    public Optional<Candles.Need> candles(JsonNode params) {
        return Optional.of(strategyRun.need(params));
    }

    @Override
    public String label(JsonNode params) {
        return strategyRun.label(params);
    }

    @Override
    public List<String> prepare(Run run) throws IOException {
        JsonNode p = run.params();
        List<String> args = new ArrayList<>(List.of("hyperopt"));
        args.addAll(strategyRun.prepare(run));
        args.addAll(List.of("--timeframe", p.path("timeframe").asString(), "--epochs",
                Integer.toString(p.path("epochs").asInt()), "--hyperopt-loss", p.path("loss").asString()));
        args.add("--spaces");
        p.path("spaces").forEach(s -> args.add(s.asString()));
        if (p.hasNonNull("min_trades")) {
            args.addAll(List.of("--min-trades", Integer.toString(p.path("min_trades").asInt())));
        }
        if (p.hasNonNull("random_state")) {
            args.addAll(List.of("--random-state", Integer.toString(p.path("random_state").asInt())));
        }
        if (p.hasNonNull("job_workers")) {
            args.addAll(List.of("-j", Integer.toString(p.path("job_workers").asInt())));
        }
        args.add("--no-color");
        return args;
    }

    @Override
    public Optional<Progress> progress(String line, Run run) {
        Matcher m = EPOCH.matcher(line);
        if (m.find()) {
            return Optional.of(new Progress(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), "epochs"));
        }
        return Optional.empty();
    }

    @Override
    public Result collect(Run run) throws IOException {
        Path dir = run.userData().resolve("hyperopt_results");
        Path last = dir.resolve(".last_result.json");
        if (!Files.isRegularFile(last)) {
            throw new IOException("no hyperopt_results/.last_result.json: hyperopt wrote no result");
        }
        String name = json.readTree(JobFiles.read(dir, last, 1024 * 1024)).path("latest_hyperopt").asString("");
        if (name.isEmpty() || name.contains("/")) {
            throw new IOException(".last_result.json names no .fthypt file");
        }
        JsonNode best = null;
        int epochs = 0;
        if (Files.size(dir.resolve(name)) > BacktestResults.MAX_RESULT_BYTES * 4) {
            throw new IOException(name + " is larger than " + BacktestResults.MAX_RESULT_BYTES * 4 / (1024 * 1024) + " MiB");
        }
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(
                JobFiles.inside(dir, dir.resolve(name)), java.nio.file.LinkOption.NOFOLLOW_LINKS), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode epoch = json.readTree(line);
                epochs++;
                if (best == null || epoch.path("loss").asDouble() < best.path("loss").asDouble()) {
                    best = epoch;
                }
            }
        }
        if (best == null) {
            throw new IOException(name + " holds no epoch");
        }
        ObjectNode summary = json.createObjectNode();
        summary.put("strategy", run.params().path("strategy_name").asString());
        summary.put("loss_function", run.params().path("loss").asString());
        summary.set("spaces", run.params().path("spaces").deepCopy());
        summary.put("epochs", epochs);
        summary.set("best_epoch", best.path("current_epoch").deepCopy());
        summary.set("best_loss", best.path("loss").deepCopy());
        summary.set("params", best.path("params_details").deepCopy());
        summary.set("params_dict", best.path("params_dict").deepCopy());
        JsonNode metrics = best.path("results_metrics");
        ObjectNode m = summary.putObject("metrics");
        for (String k : new String[] { "trades", "wins", "draws", "losses", "profit_total_abs", "profit_total_pct",
                "profit_mean_pct", "duration_avg", "max_drawdown_account", "sharpe", "sortino", "calmar" }) {
            if (metrics.has(k)) {
                m.set(k, metrics.get(k).deepCopy());
            }
        }
        summary.set("results_explanation", best.path("results_explanation").deepCopy());
        return new Result(summary, json.writeValueAsString(best), "user_data/hyperopt_results/" + name);
    }
}
