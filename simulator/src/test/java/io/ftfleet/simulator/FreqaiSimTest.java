package io.ftfleet.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** FreqAI in backtesting (files per contract 8.6) and in a running bot (prediction columns on /pair_candles, 8.4). */
class FreqaiSimTest {
    static final String FREQAI_STRATEGY = """
            from pandas import DataFrame
            from freqtrade.strategy import IStrategy


            class FreqaiExampleStrategy(IStrategy):
                timeframe = "5m"
                minimal_roi = {"0": 0.1}
                stoploss = -0.05
                process_only_new_candles = True
                startup_candle_count = 40

                def feature_engineering_expand_all(self, dataframe, period, metadata, **kwargs):
                    dataframe["%-pct-change-period"] = dataframe["close"].pct_change(period)
                    return dataframe

                def set_freqai_targets(self, dataframe, metadata, **kwargs):
                    dataframe["&-s_close"] = dataframe["close"].shift(-20).rolling(20).mean() / dataframe["close"] - 1
                    return dataframe

                def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                    dataframe = self.freqai.start(dataframe, metadata, self)
                    return dataframe

                def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                    dataframe.loc[(dataframe["do_predict"] == 1) & (dataframe["&-s_close"] > 0.01), "enter_long"] = 1
                    return dataframe

                def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                    return dataframe
            """;

    static Map<String, Object> freqaiSection(String identifier) {
        return Json.obj("enabled", true, "identifier", identifier, "train_period_days", 5, "backtest_period_days", 2,
                "live_retrain_hours", 0, "feature_parameters", Json.obj("include_timeframes", List.of("5m"),
                        "include_corr_pairlist", List.of("BTC/USDT"), "label_period_candles", 20,
                        "indicator_periods_candles", List.of(10, 20), "DI_threshold", 0.9),
                "data_split_parameters", Json.obj("test_size", 0.33, "random_state", 1), "model_training_parameters", Json.obj());
    }

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {}

    Result run(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(SimFixture.javaCommand(args)).directory(tmp.toFile());
        File out = tmp.resolve("out.txt").toFile();
        File err = tmp.resolve("err.txt").toFile();
        pb.redirectOutput(out).redirectError(err);
        Process p = pb.start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    }

    Path backtestConfig(boolean withFreqai) throws Exception {
        assertThat(run("create-userdir", "--userdir", "ud").code()).isZero();
        Files.writeString(tmp.resolve("ud/strategies/freqai_strategy.py"), FREQAI_STRATEGY);
        Path cfg = tmp.resolve("bt.json");
        Map<String, Object> c = Json.obj("stake_currency", "USDT", "stake_amount", 100, "max_open_trades", 3, "dry_run", true,
                "timeframe", "5m", "dataformat_ohlcv", "json",
                "exchange", Json.obj("name", "binance", "pair_whitelist", List.of("BTC/USDT", "ETH/USDT")),
                "pairlists", List.of(Json.obj("method", "StaticPairList")), "entry_pricing", Json.obj(), "exit_pricing", Json.obj());
        if (withFreqai) c.put("freqai", freqaiSection("unique-id"));
        Files.writeString(cfg, Json.write(c));
        Result dl = run("download-data", "-c", cfg.toString(), "--userdir", "ud", "-t", "5m", "--timerange", "20240101-20240110");
        assertThat(dl.code()).as(dl.err()).isZero();
        return cfg;
    }

    @Test
    void backtestingWithFreqaiTrainsPerWindowAndWritesTheModelFolder() throws Exception {
        Path cfg = backtestConfig(true);
        Result bt = run("backtesting", "-c", cfg.toString(), "--userdir", "ud", "-s", "FreqaiExampleStrategy",
                "--freqaimodel", "LightGBMRegressor", "--timerange", "20240106-20240110", "--cache", "none");
        assertThat(bt.code()).as(bt.err()).isZero();
        Path root = tmp.resolve("ud/models/unique-id");
        assertThat(root.resolve("bt.json")).as("copy of the first config file").exists();
        Map<String, Object> dict = Json.readMap(Files.readString(root.resolve("pair_dictionary.json")));
        assertThat(dict).containsOnlyKeys("BTC/USDT", "ETH/USDT");
        Map<String, Object> btc = Json.mapOrEmpty(dict.get("BTC/USDT"));
        long ts = ((Number) btc.get("trained_timestamp")).longValue();
        // windows start 2024-01-06 and slide by 2 days: the last training ends 2024-01-08 00:00 UTC
        assertThat(ts).isEqualTo(1704672000L);
        assertThat(btc.get("model_filename")).isEqualTo("cb_btc_" + ts);
        Path sub = root.resolve("sub-train-BTC_" + ts);
        for (String suffix : List.of("_model.joblib", "_metadata.json", "_feature_pipeline.pkl", "_label_pipeline.pkl",
                "_trained_df.pkl", "_trained_dates_df.pkl")) {
            assertThat(sub.resolve("cb_btc_" + ts + suffix)).exists();
        }
        assertThat(root.resolve("sub-train-BTC_1704499200")).as("first window, 2024-01-06").isDirectory();
        Map<String, Object> meta = Json.readMap(Files.readString(sub.resolve("cb_btc_" + ts + "_metadata.json")));
        assertThat(Json.listOf(meta.get("label_list"))).containsExactly("&-s_close");
        assertThat(Json.listOf(meta.get("training_features_list"))).contains("%-pct-change-period_10_BTC/USDT_5m");
        try (Stream<Path> preds = Files.list(root.resolve("backtesting_predictions"))) {
            assertThat(preds.map(p -> p.getFileName().toString())).contains("cb_btc_" + ts + "_prediction.feather",
                    "cb_eth_1704499200_prediction.feather");
        }
        List<Object> rows = Json.listOf(Json.read(Files.readString(root.resolve("backtesting_predictions/cb_btc_" + ts + "_prediction.feather"))));
        assertThat(rows).isNotEmpty();
        assertThat(Json.mapOrEmpty(rows.get(0))).containsKeys("&-s_close", "&-s_close_mean", "&-s_close_std", "do_predict", "DI_values");
        Map<String, Object> last = Json.readMap(Files.readString(tmp.resolve("ud/backtest_results/.last_result.json")));
        assertThat(last.get("latest_backtest").toString()).startsWith("backtest-result-");
    }

    @Test
    void freqaiBacktestNeedsAModelClassAndATimerange() throws Exception {
        Path cfg = backtestConfig(true);
        Result noModel = run("backtesting", "-c", cfg.toString(), "--userdir", "ud", "-s", "FreqaiExampleStrategy",
                "--timerange", "20240106-20240110");
        assertThat(noModel.code()).isEqualTo(2);
        assertThat(noModel.err()).contains("No freqaimodel set");
        Result noRange = run("backtesting", "-c", cfg.toString(), "--userdir", "ud", "-s", "FreqaiExampleStrategy",
                "--freqaimodel", "LightGBMRegressor");
        assertThat(noRange.code()).isEqualTo(2);
        assertThat(noRange.err()).contains("FreqAI requires a timerange");
    }

    @Test
    void freqaiStrategyWithoutFreqaiSectionFailsTheBacktest() throws Exception {
        Path cfg = backtestConfig(false);
        Result r = run("backtesting", "-c", cfg.toString(), "--userdir", "ud", "-s", "FreqaiExampleStrategy",
                "--timerange", "20240106-20240110");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("freqAI is not enabled");
    }

    @Test
    @SuppressWarnings("unchecked")
    void runningFreqaiBotShowsPredictionColumnsOnPairCandles() throws Exception {
        Map<String, Object> overrides = Json.obj("freqai", freqaiSection("live-id"), "freqaimodel", "LightGBMRegressor");
        try (SimFixture f = new SimFixture(tmp, overrides)) {
            Files.writeString(f.userDir.resolve("strategies/freqai_strategy.py"), FREQAI_STRATEGY);
            f.runner = new TradeRunner(Cli.parse(new String[] {"trade", "--config", f.configFile.toString(), "--strategy",
                    "FreqaiExampleStrategy", "--userdir", f.userDir.toString(), "--db-url", f.dbUrl}), new SimLog(false));
            f.runner.start();
            Map<String, Object> pc = null;
            long deadline = System.currentTimeMillis() + 20000;
            while (System.currentTimeMillis() < deadline) {
                pc = Json.readMap(f.get("/pair_candles?pair=BTC/USDT&timeframe=5m&limit=50").body());
                List<Object> data = Json.listOf(pc.get("data"));
                if (!data.isEmpty()) {
                    List<Object> lastRow = (List<Object>) data.get(data.size() - 1);
                    int idx = Json.listOf(pc.get("columns")).indexOf("do_predict");
                    if (idx >= 0 && Json.num(lastRow.get(idx), 0) != 0) break;
                }
                Thread.sleep(300);
            }
            List<Object> columns = Json.listOf(pc.get("columns"));
            assertThat(columns).containsSubsequence("date", "open", "high", "low", "close", "volume", "&-s_close", "&-s_close_mean",
                    "&-s_close_std", "do_predict", "DI_values", "enter_long", "__date_ts");
            assertThat(columns).noneMatch(c -> c.toString().startsWith("%"));
            assertThat(pc.get("length")).isEqualTo(50);
            assertThat(pc).containsKeys("all_columns", "enter_long_signals", "last_analyzed_ts", "data_start", "data_stop_ts");
            List<Object> lastRow = (List<Object>) Json.listOf(pc.get("data")).get(49);
            assertThat(lastRow.get(0).toString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00Z");
            assertThat(Json.num(lastRow.get(columns.indexOf("do_predict")), 0)).isIn(1.0, 0.0);
            assertThat(Json.num(lastRow.get(columns.indexOf("&-s_close_std")), 0)).isPositive();
            assertThat(Json.num(lastRow.get(columns.indexOf("DI_values")), -1)).isGreaterThanOrEqualTo(0);
            Path root = f.userDir.resolve("models/live-id");
            assertThat(root.resolve("pair_dictionary.json")).exists();
            assertThat(root.resolve("global_metadata.json")).exists();
            // the POST variant with a column filter keeps OHLCV + signals
            Map<String, Object> filtered = Json.readMap(f.post("/pair_candles",
                    Json.write(Json.obj("pair", "BTC/USDT", "timeframe", "5m", "limit", 3, "columns", List.of("do_predict")))).body());
            assertThat(Json.listOf(filtered.get("columns"))).contains("close", "do_predict", "enter_long").doesNotContain("&-s_close");
            assertThat(filtered.get("length")).isEqualTo(3);
        }
    }

    @Test
    void botWithoutFreqaiReturnsCandlesWithoutPredictionColumns() throws Exception {
        try (SimFixture f = new SimFixture(tmp, Json.obj()).start()) {
            Map<String, Object> pc = Json.readMap(f.get("/pair_candles?pair=BTC/USDT&timeframe=5m&limit=10").body());
            assertThat(pc.get("length")).isEqualTo(10);
            assertThat(Json.listOf(pc.get("columns"))).contains("close", "enter_long").doesNotContain("do_predict", "DI_values");
            Map<String, Object> other = Json.readMap(f.get("/pair_candles?pair=XRP/USDT&timeframe=5m").body());
            assertThat(other.get("length")).as("pair not in the whitelist: empty dataframe").isEqualTo(0);
        }
    }
}
