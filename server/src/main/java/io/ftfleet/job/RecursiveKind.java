package io.ftfleet.job;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ftfleet.user.CurrentUser;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code freqtrade recursive-analysis} of one strategy version (addendum A2): which indicators come out different
 * when fewer startup candles are loaded (a recursive formula that needs a longer warm-up). The summary has
 * {@code biased} (any indicator varied), the startup candle counts tried, and per indicator its variance per count.
 */
@Component
class RecursiveKind extends StrategyRunKind {

    static final String NAME = JobVetting.RECURSIVE;
    static final String TITLE = "Recursive Analysis";
    private static final Pattern STARTUP = Pattern.compile("startup candle of (\\d+)");
    private static final Pattern COUNT = Pattern.compile("^(\\d+)");

    RecursiveKind(StrategyRun strategyRun, JsonMapper json) {
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
        JsonNode given = request.get("startup_candles");
        List<String> startup = null;
        if (given != null && !given.isNull()) {
            startup = new ArrayList<>();
            for (JsonNode n : given.isArray() ? given : json.createArrayNode().add(given)) {
                startup.add(n.isIntegralNumber() || n.isString() ? n.asString() : "");
            }
        }
        if (startup != null && (startup.isEmpty() || startup.size() > 10
                || !startup.stream().allMatch(s -> s.matches("[1-9]\\d{0,4}")))) {
            f.violation("startup_candles", "1 to 10 candle counts between 1 and 99999, e.g. [199, 399, 999]");
        }
        requireTimerange(out, f, "indicators are computed over a timerange (about 5000 candles)");
        f.throwIfInvalid();
        if (startup != null) {
            out.set("startup_candles", json.valueToTree(startup.stream().map(Integer::valueOf).toList()));
        }
        return out;
    }

    @Override
    public List<String> prepare(Run run) throws IOException {
        List<String> args = command("recursive-analysis", run);
        if (run.params().path("startup_candles").isArray()) {
            args.add("--startup-candle");
            run.params().path("startup_candles").forEach(n -> args.add(n.asString()));
        }
        return args;
    }

    @Override
    public Optional<Progress> progress(String line, Run run) {
        Matcher m = STARTUP.matcher(line);
        return m.find() ? Optional.of(new Progress(null, null, "startup candles " + m.group(1))) : Optional.empty();
    }

    @Override
    public Result collect(Run run) throws IOException {
        java.nio.file.Path log = run.workDir().resolve(JobWorker.LOG_FILE);
        AnalysisTables.Table table = AnalysisTables.read(log, TITLE);
        if (table == null && !Files.readString(log).contains("Checking recursive and indicator-only lookahead bias")) {
            throw new IOException("the output has neither a " + TITLE + " table nor the end of the analysis");
        }
        ObjectNode summary = json.createObjectNode();
        summary.put("strategy", run.params().path("strategy_name").asString());
        List<Integer> counts = new ArrayList<>();
        List<Map<String, Object>> indicators = new ArrayList<>();
        if (table != null) {
            for (String h : table.header().subList(1, table.header().size())) {
                Matcher m = COUNT.matcher(h);
                counts.add(m.find() ? Integer.valueOf(m.group(1)) : null);
            }
            for (Map<String, String> row : table.rows()) {
                Map<String, String> variance = new LinkedHashMap<>();
                for (int i = 1; i < table.header().size(); i++) {
                    String cell = row.get(table.header().get(i));
                    if (cell != null && !cell.equals("-") && counts.get(i - 1) != null) {
                        variance.put(counts.get(i - 1).toString(), cell);
                    }
                }
                indicators.add(Map.of("name", row.get(table.header().get(0)), "biased", !variance.isEmpty(),
                        "variance", variance));
            }
        }
        summary.put("biased", indicators.stream().anyMatch(i -> Boolean.TRUE.equals(i.get("biased"))));
        summary.set("startup_candles", json.valueToTree(counts));
        summary.set("indicators", json.valueToTree(indicators));
        return new Result(summary, json.writeValueAsString(summary), JobWorker.LOG_FILE);
    }
}
