package io.ftfleet.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Launches the simulator as a real process (same classpath) and checks exit codes and outputs. */
class CliProcessTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {}

    Result run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(SimFixture.javaCommand(args)).directory(tmp.toFile());
        pb.environment().putAll(env);
        File out = tmp.resolve("out.txt").toFile();
        File err = tmp.resolve("err.txt").toFile();
        pb.redirectOutput(out).redirectError(err);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    }

    @Test
    void printsVersionAndExitsZero() throws Exception {
        Result r = run(Map.of(), "--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("freqtrade " + Bot.VERSION);
    }

    @Test
    void rejectsUnknownFlagLikeArgparse() throws Exception {
        Result r = run(Map.of(), "trade", "--no-such-flag");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("usage: freqtrade").contains("freqtrade: error: unrecognized arguments: --no-such-flag");
        Result missing = run(Map.of(), "trade", "--config");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("freqtrade trade: error: argument -c/--config: expected one argument");
        Result bad = run(Map.of(), "bogus");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("argument command: invalid choice: 'bogus'");
    }

    @Test
    void reportsConfigErrorsWithFreqtradeExitCodes() throws Exception {
        SimFixture sim = new SimFixture(tmp, Map.of());
        Result notFound = run(Map.of(), "trade", "-c", "missing.json", "--userdir", sim.userDir.toString());
        assertThat(notFound.code()).isEqualTo(2);
        assertThat(notFound.err()).contains("Config file \"missing.json\" not found!");
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"dry_run\": true,, }");
        Result parse = run(Map.of(), "trade", "-c", broken.toString(), "--userdir", sim.userDir.toString());
        assertThat(parse.code()).isEqualTo(1);
        assertThat(parse.err()).contains("Configuration error:");
        Map<String, Object> cfg = Json.readMap(Files.readString(sim.configFile));
        cfg.remove("stake_currency");
        Path noStake = tmp.resolve("nostake.json");
        Files.writeString(noStake, Json.write(cfg));
        Result schema = run(Map.of(), "trade", "-c", noStake.toString(), "-s", "SampleStrategy", "--userdir", sim.userDir.toString());
        assertThat(schema.code()).isEqualTo(1);
        assertThat(schema.err()).contains("Fatal exception!").contains("'stake_currency' is a required property");
        Result noStrategy = run(Map.of(), "trade", "-c", sim.configFile.toString(), "-s", "Nope", "--userdir", sim.userDir.toString());
        assertThat(noStrategy.code()).isEqualTo(2);
        assertThat(noStrategy.err()).contains("Impossible to load Strategy 'Nope'.");
        Result noUserdir = run(Map.of(), "trade", "-c", sim.configFile.toString(), "-s", "SampleStrategy", "--userdir", tmp.resolve("nope").toString());
        assertThat(noUserdir.code()).isEqualTo(2);
        assertThat(noUserdir.err()).contains("does not exist. Please use `freqtrade create-userdir`");
        Result failStart = run(Map.of("FTSIM_FAIL_AT_START", "1"), sim.tradeArgs());
        assertThat(failStart.code()).isEqualTo(2);
        assertThat(failStart.err()).contains("Could not load markets, therefore cannot start.");
    }

    @Test
    void exitsZeroOnSigterm() throws Exception {
        SimFixture sim = new SimFixture(tmp, Map.of());
        ProcessBuilder pb = new ProcessBuilder(SimFixture.javaCommand(sim.tradeArgs())).directory(tmp.toFile());
        Path err = tmp.resolve("trade-err.txt");
        pb.redirectErrorStream(true).redirectOutput(err.toFile());
        Process p = pb.start();
        long deadline = System.currentTimeMillis() + 30000;
        while (System.currentTimeMillis() < deadline && !Files.readString(err).contains("Starting Local Rest Server.")) Thread.sleep(100);
        assertThat(sim.call("GET", "/ping", null, null).statusCode()).isEqualTo(200);
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(err)).contains("SIGINT received, aborting ...");
    }

    @Test
    void crashesWithNonZeroExitWhenCrashIsInjected() throws Exception {
        SimFixture sim = new SimFixture(tmp, Map.of());
        Result r = run(Map.of("FTSIM_CRASH_AFTER_SECONDS", "1"), sim.tradeArgs());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Fatal exception!");
    }

    @Test
    void backtestingWritesResultFiles() throws Exception {
        assertThat(run(Map.of(), "create-userdir", "--userdir", "ud").code()).isZero();
        Path ud = tmp.resolve("ud");
        Path cfg = tmp.resolve("bt.json");
        Files.writeString(cfg, Json.write(Json.obj("stake_currency", "USDT", "stake_amount", 100, "max_open_trades", 3, "dry_run", true,
                "dataformat_ohlcv", "json", "exchange", Json.obj("name", "binance", "pair_whitelist", List.of("BTC/USDT", "ETH/USDT")),
                "pairlists", List.of(Json.obj("method", "StaticPairList")), "entry_pricing", Json.obj(), "exit_pricing", Json.obj())));
        Result noData = run(Map.of(), "backtesting", "-c", cfg.toString(), "--userdir", "ud", "-s", "SampleStrategy", "--timerange", "20240101-20240110");
        assertThat(noData.code()).isEqualTo(2);
        assertThat(noData.err()).contains("No data found. Terminating.");
        Result dl = run(Map.of(), "download-data", "-c", cfg.toString(), "--userdir", "ud", "-t", "5m", "--timerange", "20240101-20240110");
        assertThat(dl.code()).as(dl.err()).isZero();
        assertThat(ud.resolve("data/binance/BTC_USDT-5m.json")).exists();
        Result bt = run(Map.of(), "backtesting", "-c", cfg.toString(), "--userdir", "ud", "-s", "SampleStrategy", "--timerange", "20240101-20240110",
                "--cache", "none");
        assertThat(bt.code()).as(bt.err()).isZero();
        Path results = ud.resolve("backtest_results");
        Map<String, Object> last = Json.readMap(Files.readString(results.resolve(".last_result.json")));
        String file = (String) last.get("latest_backtest");
        assertThat(file).startsWith("backtest-result-").endsWith(".json");
        Map<String, Object> result = Json.readMap(Files.readString(results.resolve(file)));
        assertThat(Json.mapOrEmpty(result.get("strategy"))).containsKey("SampleStrategy");
        assertThat(result).containsKey("strategy_comparison");
        assertThat(results.resolve(file.replace(".json", ".meta.json"))).exists();
        Result list = run(Map.of(), "list-strategies", "--userdir", "ud", "-1");
        assertThat(list.code()).isZero();
        assertThat(list.out().trim()).isEqualTo("SampleStrategy");
        assertThat(new String(Files.readAllBytes(results.resolve(file)), StandardCharsets.UTF_8)).contains("max_drawdown_account");

        // --cache day (the default): the identical run is served from the result just written; nothing new is written.
        long filesBefore;
        try (var l = Files.list(results)) {
            filesBefore = l.count();
        }
        Result cached = run(Map.of(), "backtesting", "-c", cfg.toString(), "--userdir", "ud", "-s", "SampleStrategy", "--timerange",
                "20240101-20240110");
        assertThat(cached.code()).as(cached.err()).isZero();
        assertThat(cached.err()).contains("Reusing result of previous backtest for SampleStrategy");
        assertThat(cached.out()).contains("BACKTESTING REPORT");
        try (var l = Files.list(results)) {
            assertThat(l.count()).isEqualTo(filesBefore);
        }
        assertThat(Json.readMap(Files.readString(results.resolve(".last_result.json"))).get("latest_backtest")).isEqualTo(file);
        // A timerange open at the end is never cached.
        Thread.sleep(1100);
        Result open = run(Map.of(), "backtesting", "-c", cfg.toString(), "--userdir", "ud", "-s", "SampleStrategy", "--timerange", "20240101-");
        assertThat(open.code()).as(open.err()).isZero();
        assertThat(open.err()).contains("Backtest result caching disabled due to use of open-ended timerange.");
        assertThat(Json.readMap(Files.readString(results.resolve(".last_result.json"))).get("latest_backtest")).isNotEqualTo(file);
    }

    @Test
    void hyperoptWritesEpochsAndLastResultAndNeedsALossFunction() throws Exception {
        assertThat(run(Map.of(), "create-userdir", "--userdir", "ud").code()).isZero();
        Path ud = tmp.resolve("ud");
        Path cfg = tmp.resolve("ho.json");
        Files.writeString(cfg, Json.write(Json.obj("stake_currency", "USDT", "stake_amount", 100, "max_open_trades", 3, "dry_run", true,
                "dataformat_ohlcv", "json", "exchange", Json.obj("name", "binance", "pair_whitelist", List.of("BTC/USDT")),
                "pairlists", List.of(Json.obj("method", "StaticPairList")), "entry_pricing", Json.obj(), "exit_pricing", Json.obj())));
        assertThat(run(Map.of(), "download-data", "-c", cfg.toString(), "--userdir", "ud", "-t", "5m", "--timerange",
                "20240101-20240105").code()).isZero();
        Result noLoss = run(Map.of(), "hyperopt", "-c", cfg.toString(), "--userdir", "ud", "-s", "SampleStrategy",
                "--timerange", "20240101-20240105", "-e", "5");
        assertThat(noLoss.code()).isEqualTo(2);
        assertThat(noLoss.err()).contains("No Hyperopt loss set");
        Result ho = run(Map.of(), "hyperopt", "-c", cfg.toString(), "--userdir", "ud", "-s", "SampleStrategy",
                "--timerange", "20240101-20240105", "-e", "5", "--spaces", "buy", "--hyperopt-loss",
                "SharpeHyperOptLoss", "--min-trades", "1");
        assertThat(ho.code()).as(ho.err()).isZero();
        Path results = ud.resolve("hyperopt_results");
        Map<String, Object> last = Json.readMap(Files.readString(results.resolve(".last_result.json")));
        String file = (String) last.get("latest_hyperopt");
        assertThat(file).startsWith("strategy_SampleStrategy_").endsWith(".fthypt");
        List<String> epochs = Files.readAllLines(results.resolve(file));
        assertThat(epochs).hasSize(5);
        assertThat(Json.readMap(epochs.get(0))).containsKeys("loss", "params_dict", "results_metrics");
    }
}
