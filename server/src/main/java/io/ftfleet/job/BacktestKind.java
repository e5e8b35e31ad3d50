package io.ftfleet.job;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import io.ftfleet.user.CurrentUser;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code freqtrade backtesting} of one strategy version (contract 4.3). {@code --cache none}: a cached run writes
 * no new result file, and the job must read its own. Progress is the phase of the run (4 steps).
 */
@Component
class BacktestKind extends StrategyRunKind {

    static final String NAME = "backtest";
    private static final String[][] PHASES = { { "Loading data from", "loading data" },
            { "Dataload complete", "calculating indicators" }, { "Running backtesting for", "backtesting" },
            { "dumping json to", "writing results" }, { "dumping joblib to", "writing results" } };

    BacktestKind(StrategyRun strategyRun, JsonMapper json) {
        super(strategyRun, json);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode validate(JsonNode request, CurrentUser user) {
        return strategyRun.validate(request, user);
    }

    @Override
    public List<String> prepare(Run run) throws IOException {
        return backtesting(this, run);
    }

    /** {@code backtesting} writing a fresh result file of its trades (no cache: see the class comment). */
    static List<String> backtesting(StrategyRunKind kind, Run run) throws IOException {
        List<String> args = kind.command("backtesting", run);
        args.addAll(List.of("--export", "trades", "--cache", "none"));
        return args;
    }

    @Override
    public Optional<Progress> progress(String line, Run run) {
        return phase(line);
    }

    /** The phase of a {@code freqtrade backtesting} run an output line tells, if any (shared with backtest vs live). */
    static Optional<Progress> phase(String line) {
        for (int i = 0; i < PHASES.length; i++) {
            if (line.contains(PHASES[i][0])) {
                return Optional.of(new Progress(Math.min(i, 3), 4, PHASES[i][1]));
            }
        }
        return Optional.empty();
    }

    @Override
    public Result collect(Run run) throws IOException {
        BacktestResults.Read read = BacktestResults.latest(run.userData().resolve("backtest_results"), json);
        ObjectNode summary = BacktestResults.summary(read.stats(), run.params().path("strategy_name").asString(null),
                json);
        return new Result(summary, read.text(), "user_data/backtest_results/" + read.file());
    }
}
