package io.ftfleet.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ftfleet.support.Simulator;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Result parsing on real files: the simulator (freqtrade's stand-in) downloads candles and backtests once in each
 * result format, plain {@code .json} and newer releases' {@code .zip}; both must give the same summary.
 */
class BacktestResultsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static String timerange;

    @BeforeAll
    static void downloadCandles() throws Exception {
        Files.createDirectories(dir.resolve("ud/strategies"));
        Files.writeString(dir.resolve("ud/strategies/parse_strat.py"), StrategyFixtures.valid("ParseStrat", "-0.10"));
        Files.writeString(dir.resolve("config.json"), """
                {"max_open_trades": 3, "stake_currency": "USDT", "stake_amount": 100, "dry_run": true,
                 "dry_run_wallet": 1000, "timeframe": "5m", "dataformat_ohlcv": "json",
                 "exchange": {"name": "binance", "key": "", "secret": "", "pair_whitelist": ["BTC/USDT", "ETH/USDT"]},
                 "entry_pricing": {"price_side": "same"}, "exit_pricing": {"price_side": "same"},
                 "pairlists": [{"method": "StaticPairList"}]}
                """);
        run(Map.of(), "download-data", "--days", "8", "--timeframes", "5m");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        timerange = DateTimeFormatter.BASIC_ISO_DATE.format(today.minusDays(6)) + "-"
                + DateTimeFormatter.BASIC_ISO_DATE.format(today.minusDays(1));
    }

    private static void run(Map<String, String> env, String command, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Simulator.command().split(" ")));
        cmd.addAll(List.of(command, "--config", dir.resolve("config.json").toString(), "--userdir",
                dir.resolve("ud").toString(), "--datadir", dir.resolve("md/binance").toString()));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(command + ".log").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve(command + ".log"))).isZero();
    }

    private static BacktestResults.Read backtest(String format) throws Exception {
        run(format == null ? Map.of() : Map.of("FTSIM_BACKTEST_FORMAT", format), "backtesting", "--strategy",
                "ParseStrat", "--timerange", timerange, "--export", "trades", "--cache", "none");
        return BacktestResults.latest(dir.resolve("ud/backtest_results"), JSON);
    }

    @Test
    void plainJsonAndZipResultsGiveTheSameSummary() throws Exception {
        BacktestResults.Read json = backtest(null);
        assertThat(json.file()).matches("backtest-result-.*\\.json");
        ObjectNode fromJson = BacktestResults.summary(json.stats(), "ParseStrat", JSON);
        Thread.sleep(1100); // result files are named by the second
        BacktestResults.Read zip = backtest("zip");
        assertThat(zip.file()).matches("backtest-result-.*\\.zip");
        ObjectNode fromZip = BacktestResults.summary(zip.stats(), "ParseStrat", JSON);

        assertThat(fromZip).isEqualTo(fromJson);
        JsonNode s = json.stats().get("strategy").get("ParseStrat");
        assertThat(fromJson.get("trades").asInt()).isEqualTo(s.get("total_trades").asInt()).isPositive();
        assertThat(fromJson.get("profit_abs").asDouble()).isEqualTo(s.get("profit_total_abs").asDouble());
        assertThat(fromJson.get("profit_pct").asDouble()).isEqualTo(
                Math.round(s.get("profit_total").asDouble() * 100 * 10000) / 10000.0);
        assertThat(fromJson.get("win_rate_pct").asDouble()).isEqualTo(
                Math.round(s.get("winrate").asDouble() * 100 * 10000) / 10000.0);
        assertThat(fromJson.get("max_drawdown_account_pct").asDouble()).isEqualTo(
                Math.round(s.get("max_drawdown_account").asDouble() * 100 * 10000) / 10000.0);
        assertThat(fromJson.get("starting_balance").asDouble()).isEqualTo(1000.0);
        assertThat(fromJson.get("pairs").size()).isEqualTo(2); // TOTAL is not a pair
        assertThat(fromJson.get("pairs").get(0).get("pair").asString()).isEqualTo("BTC/USDT");
        for (String ratio : List.of("sharpe", "sortino", "calmar")) {
            assertThat(fromJson.get(ratio).isNumber()).as(ratio).isEqualTo(s.has(ratio));
        }
    }

    @Test
    void ratiosAbsentFromOlderResultsAreNullNotInvented() throws Exception {
        JsonNode old = JSON.readTree("""
                {"strategy": {"Old": {"strategy_name": "Old", "total_trades": 2, "profit_total": 0.01,
                 "profit_total_abs": 10.0, "winrate": 0.5, "wins": 1, "draws": 0, "losses": 1,
                 "max_drawdown_account": 0.02, "results_per_pair": [{"key": "TOTAL", "trades": 2}]}}}
                """);
        ObjectNode summary = BacktestResults.summary(old, null, JSON);
        assertThat(summary.get("sharpe").isNull()).isTrue();
        assertThat(summary.get("calmar").isNull()).isTrue();
        assertThat(summary.get("profit_pct").asDouble()).isEqualTo(1.0);
        assertThat(summary.get("pairs").size()).isZero();
    }

    @Test
    void aRunThatWroteNoResultIsAnError(@TempDir Path empty) throws IOException {
        assertThatThrownBy(() -> BacktestResults.latest(empty, JSON)).isInstanceOf(IOException.class)
                .hasMessageContaining(".last_result.json");
        Files.writeString(empty.resolve(".last_result.json"), "{\"latest_backtest\": \"../../etc/passwd\"}");
        assertThatThrownBy(() -> BacktestResults.latest(empty, JSON)).isInstanceOf(IOException.class);
    }
}
