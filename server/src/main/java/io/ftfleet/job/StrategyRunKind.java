package io.ftfleet.job;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the kinds that run one strategy version over candles share (backtest, backtest vs live, lookahead and
 * recursive analysis): the candles they read, their label, and a command line that starts with the sub-command, the
 * working directory {@link StrategyRun} prepares, and the timeframe.
 */
abstract class StrategyRunKind implements JobKind {

    final StrategyRun strategyRun;
    final JsonMapper json;

    StrategyRunKind(StrategyRun strategyRun, JsonMapper json) {
        this.strategyRun = strategyRun;
        this.json = json;
    }

    @Override
    public Optional<Candles.Need> candles(JsonNode params) {
        return Optional.of(strategyRun.need(params));
    }

    @Override
    public String label(JsonNode params) {
        return strategyRun.label(params);
    }

    /** {@code <subcommand> --config ... --strategy ... [--timerange ...] --timeframe <tf>}; the caller adds its own. */
    List<String> command(String subcommand, Run run) throws IOException {
        List<String> args = new ArrayList<>(List.of(subcommand));
        args.addAll(strategyRun.prepare(run));
        args.addAll(List.of("--timeframe", run.params().path("timeframe").asString()));
        return args;
    }

    /** The analyses read a timerange from the candles: without one they would read every candle on disk. */
    static void requireTimerange(JsonNode params, StrategyRun.Fields f, String why) {
        if (!params.hasNonNull("timerange")) {
            f.violation("timerange", "is required: " + why);
        }
    }
}
