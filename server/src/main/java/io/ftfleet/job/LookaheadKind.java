package io.ftfleet.job;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.ftfleet.core.ApiException;
import io.ftfleet.user.CurrentUser;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code freqtrade lookahead-analysis} of one strategy version (addendum A1): does an entry or exit signal, or an
 * indicator, read candles from the future? The summary has {@code biased} (null when Freqtrade could not tell, e.g.
 * too few trades), each signal kind with its count of biased signals, and the biased indicators.
 */
@Component
class LookaheadKind extends StrategyRunKind {

    static final String NAME = JobVetting.LOOKAHEAD;
    static final String TITLE = "Lookahead Analysis";

    LookaheadKind(StrategyRun strategyRun, JsonMapper json) {
        super(strategyRun, json);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode validate(JsonNode request, CurrentUser user) {
        ObjectNode out = strategyRun.validate(request, user);
        StrategyRun.Fields f = new StrategyRun.Fields(request);
        Integer minimum = f.intValue("minimum_trade_amount", 1, 10_000, 10);
        Integer targeted = f.intValue("targeted_trade_amount", 1, 10_000, 20);
        if (minimum != null && targeted != null && targeted < minimum) {
            f.violation("targeted_trade_amount", "can't be smaller than minimum_trade_amount");
        }
        requireTimerange(out, f, "the analysis backtests a timerange (a few months, e.g. 20240101-20240401)");
        f.throwIfInvalid();
        out.put("minimum_trade_amount", minimum);
        out.put("targeted_trade_amount", targeted);
        return out;
    }

    @Override
    public List<String> prepare(Run run) throws IOException {
        List<String> args = command("lookahead-analysis", run);
        args.addAll(List.of("--minimum-trade-amount",
                run.params().path("minimum_trade_amount").asString("10"), "--targeted-trade-amount",
                run.params().path("targeted_trade_amount").asString("20")));
        return args;
    }

    @Override
    public Optional<Progress> progress(String line, Run run) {
        if (line.contains("Bias test of")) {
            return Optional.of(new Progress(0, 2, "backtesting baseline"));
        }
        if (line.contains("trades, calculating") || line.contains("Calculating all available trades")) {
            return Optional.of(new Progress(1, 2, "checking signals"));
        }
        return Optional.empty();
    }

    @Override
    public Result collect(Run run) throws IOException {
        AnalysisTables.Table table = AnalysisTables.read(run.workDir().resolve(JobWorker.LOG_FILE), TITLE);
        String strategy = run.params().path("strategy_name").asString();
        Map<String, String> row = table == null ? null : table.rows().stream()
                .filter(r -> strategy.equals(r.get("strategy"))).findFirst().orElse(null);
        if (row == null) {
            throw new IOException("the output has no " + TITLE + " row for " + strategy);
        }
        ObjectNode summary = json.createObjectNode();
        summary.put("strategy", strategy);
        String verdict = row.getOrDefault("has_bias", "");
        if (!verdict.equals("Yes") && !verdict.equals("No")) {
            summary.putNull("biased"); // "too few trades caught (..)" or "error while checking"
            summary.put("failure", verdict);
            return new Result(summary, json.writeValueAsString(summary), JobWorker.LOG_FILE);
        }
        int total = Integer.parseInt(row.get("total_signals"));
        int entry = Integer.parseInt(row.get("biased_entry_signals"));
        int exit = Integer.parseInt(row.get("biased_exit_signals"));
        List<String> indicators = Arrays.stream(row.getOrDefault("biased_indicators", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        summary.put("biased", verdict.equals("Yes"));
        summary.put("total_signals", total);
        summary.put("biased_entry_signals", entry);
        summary.put("biased_exit_signals", exit);
        summary.set("biased_indicators", json.valueToTree(indicators));
        summary.set("signals", json.valueToTree(List.of(
                Map.of("signal", "entry", "biased", entry > 0, "biased_signals", entry, "total_signals", total),
                Map.of("signal", "exit", "biased", exit > 0, "biased_signals", exit, "total_signals", total))));
        summary.set("indicators", json.valueToTree(indicators.stream().map(i -> Map.of("name", i, "biased", true))
                .toList()));
        return new Result(summary, json.writeValueAsString(summary), JobWorker.LOG_FILE);
    }
}
