package io.ftfleet.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * `backtesting` and `hyperopt` with deterministic fake results derived from the inputs (strategy,
 * pairs, timeframe, timerange, stake settings), written in freqtrade's result-file formats (contract 4.3).
 */
public final class Optimize {
    static final String BT = "freqtrade.optimize.backtesting";
    static final List<String> LOSSES = List.of("ShortTradeDurHyperOptLoss", "OnlyProfitHyperOptLoss", "SharpeHyperOptLoss",
            "SharpeHyperOptLossDaily", "SortinoHyperOptLoss", "SortinoHyperOptLossDaily", "CalmarHyperOptLoss", "MaxDrawDownHyperOptLoss",
            "MaxDrawDownRelativeHyperOptLoss", "ProfitDrawDownHyperOptLoss", "MultiMetricHyperOptLoss");

    private Optimize() {}

    record Setup(Map<String, Object> config, List<Strategies.Info> strategies, List<String> pairs, String timeframe, long start, long stop) {}

    @SuppressWarnings("unchecked")
    static Setup setup(Cli.Parsed args, SimLog log, ConfigLoader.RunMode mode) {
        List<String> files = ConfigLoader.configFiles(args, true);
        Map<String, Object> config = ConfigLoader.loadFiles(files, log);
        ConfigLoader.processCommon(config, args, log, false);
        config.put("runmode", mode.value());
        log.info(ConfigLoader.LOG, "Runmode set to " + mode.value() + ".");
        if (args.str("timeframe") != null) config.put("timeframe", args.str("timeframe"));
        if (args.get("max_open_trades") != null) config.put("max_open_trades", args.get("max_open_trades"));
        if (args.str("stake_amount") != null) {
            String sa = args.str("stake_amount");
            config.put("stake_amount", sa.equals("unlimited") ? sa : (Object) Double.parseDouble(sa));
        }
        if (args.str("dataformat_ohlcv") != null) config.put("dataformat_ohlcv", args.str("dataformat_ohlcv"));
        if (args.list("pairs") != null) Json.mapOrEmpty(config.get("exchange")).put("pair_whitelist", new ArrayList<>(args.list("pairs")));
        List<String> names = args.list("strategy_list") != null ? args.list("strategy_list")
                : config.get("strategy") == null ? List.of() : List.of(config.get("strategy").toString());
        if (names.isEmpty()) throw FtException.operational("No strategy set. Please use `--strategy` to specify the strategy class to use.");
        List<Strategies.Info> strategies = new ArrayList<>();
        for (String n : names) strategies.add(Strategies.resolve(n, config));
        log.info("freqtrade.resolvers.iresolver", "Using resolved strategy " + names.get(0) + " from '" + strategies.get(0).file() + "'...");
        ConfigLoader.applyStrategy(config, strategies.get(0), log);
        ConfigLoader.validateSchema(config, mode);
        if (config.get("timeframe") == null) {
            throw FtException.operational("Timeframe needs to be set in either configuration or as cli argument `--timeframe 5m`");
        }
        if (!config.containsKey("max_open_trades")) config.put("max_open_trades", -1);
        ConfigLoader.validateConsistency(config, mode);
        double wallet = Json.num(config.get("dry_run_wallet"), 1000) * Json.num(config.get("tradable_balance_ratio"), 0.99);
        Object sa = config.get("stake_amount");
        if (sa instanceof Number n && wallet < n.doubleValue()) {
            throw FtException.operational("Starting balance (" + wallet + " " + config.get("stake_currency") + ") is smaller than stake_amount "
                    + sa + " " + config.get("stake_currency") + ". Wallet is calculated as `dry_run_wallet * tradable_balance_ratio`.");
        }
        List<String> pairs = new ArrayList<>();
        for (Object o : Json.listOf(Json.mapOrEmpty(config.get("exchange")).get("pair_whitelist"))) pairs.add(o.toString());
        String tf = config.get("timeframe").toString();
        String format = Json.str(config.get("dataformat_ohlcv"), "feather");
        Path datadir = Path.of(config.get("datadir").toString());
        TimeRange tr = TimeRange.parse(args.str("timerange"));
        long dataStart = Long.MAX_VALUE;
        long dataStop = 0;
        List<String> withData = new ArrayList<>();
        boolean requireData = !"0".equals(System.getenv("FTSIM_BACKTEST_REQUIRE_DATA"));
        for (String p : pairs) {
            Path f = DataCommands.candleFile(datadir, p, tf, format, Json.str(config.get("trading_mode"), "spot"));
            if (Files.isRegularFile(f)) {
                withData.add(p);
                long s = DataCommands.existingStart(f, format);
                if (s > 0) dataStart = Math.min(dataStart, s);
                try {
                    dataStop = Math.max(dataStop, Files.getLastModifiedTime(f).toMillis());
                } catch (IOException ignored) { }
            } else {
                log.warning("freqtrade.data.history.history_utils", "No history for " + p + ", spot, " + tf + " found. Use `freqtrade download-data` to download the data");
            }
        }
        if (requireData && withData.isEmpty()) throw FtException.operational("No data found. Terminating.");
        if (!requireData) withData = pairs;
        long now = LocalDate.now(ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        if (dataStart == Long.MAX_VALUE) dataStart = now - 30L * 86400000;
        if (dataStop == 0) dataStop = now;
        TimeRange r = tr.resolve(dataStart, Math.min(dataStop, System.currentTimeMillis()));
        if (r.stopMs() <= r.startMs()) throw FtException.operational("No data found. Terminating.");
        return new Setup(config, strategies, withData, tf, r.startMs(), r.stopMs());
    }

    static String dt(long ms) { return Bot.dt(ms); }

    static String localStamp() {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss").format(LocalDateTime.now(ZoneId.systemDefault()));
    }

    /** Deterministic simulated trades for one strategy. */
    static List<Map<String, Object>> simulate(Setup s, String strategy, double stakeBase, SplittableRandom rnd, double edge) {
        Map<String, Object> c = s.config();
        long tfMs = Math.max(1, Bot.timeframeMinutes(s.timeframe())) * 60000L;
        long days = Math.max(1, (s.stop() - s.start()) / 86400000L);
        int n = (int) Math.min(500, Math.max(3, days * Math.max(1, s.pairs().size()) / 2 + rnd.nextInt(5)));
        double fee = c.get("fee") instanceof Number f ? f.doubleValue() : 0.001;
        double stoploss = Json.num(c.get("stoploss"), -0.1);
        List<Map<String, Object>> trades = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String pair = s.pairs().get(rnd.nextInt(s.pairs().size()));
            long open = s.start() + ((long) (rnd.nextDouble() * (s.stop() - s.start() - tfMs * 10)) / tfMs) * tfMs;
            int candles = 1 + rnd.nextInt(48);
            long close = Math.min(s.stop(), open + candles * tfMs);
            double profit = Math.max(stoploss, edge + rnd.nextGaussian() * 0.02);
            double openRate = Bot.round(DataCommands.priceAt(Bot.fnv(c.get("exchange") + pair), Bot.basePrice(pair), open), 8);
            double closeRate = Bot.round(openRate * (1 + profit + 2 * fee), 8);
            double amount = Bot.round(stakeBase / openRate, 8);
            double otv = amount * openRate * (1 + fee);
            double pabs = Bot.round(amount * closeRate * (1 - fee) - otv, 8);
            double pr = Bot.round(pabs / otv, 8);
            String reason = profit <= stoploss ? "stop_loss" : profit > 0.02 ? "roi" : "exit_signal";
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("pair", pair);
            t.put("stake_amount", stakeBase);
            t.put("max_stake_amount", stakeBase);
            t.put("amount", amount);
            t.put("open_date", dt(open) + "+00:00");
            t.put("close_date", dt(close) + "+00:00");
            t.put("open_rate", openRate);
            t.put("close_rate", closeRate);
            t.put("fee_open", fee);
            t.put("fee_close", fee);
            t.put("trade_duration", (close - open) / 60000);
            t.put("profit_ratio", pr);
            t.put("profit_abs", pabs);
            t.put("exit_reason", reason);
            t.put("initial_stop_loss_abs", Bot.round(openRate * (1 + stoploss), 8));
            t.put("initial_stop_loss_ratio", stoploss);
            t.put("stop_loss_abs", Bot.round(openRate * (1 + stoploss), 8));
            t.put("stop_loss_ratio", stoploss);
            t.put("min_rate", Math.min(openRate, closeRate));
            t.put("max_rate", Math.max(openRate, closeRate));
            t.put("is_open", false);
            t.put("enter_tag", null);
            t.put("leverage", 1.0);
            t.put("is_short", false);
            t.put("open_timestamp", open);
            t.put("close_timestamp", close);
            t.put("orders", List.of(
                    Json.obj("amount", amount, "safe_price", openRate, "ft_order_side", "buy", "order_filled_timestamp", open, "ft_is_entry", true, "ft_order_tag", null),
                    Json.obj("amount", amount, "safe_price", closeRate, "ft_order_side", "sell", "order_filled_timestamp", close, "ft_is_entry", false, "ft_order_tag", null)));
            trades.add(t);
        }
        trades.sort((a, b) -> Long.compare((Long) a.get("close_timestamp"), (Long) b.get("close_timestamp")));
        return trades;
    }

    static Map<String, Object> resultLine(String key, List<Map<String, Object>> trades, double startBalance) {
        int n = trades.size();
        double sumRatio = 0, sumAbs = 0;
        long dur = 0;
        int wins = 0, losses = 0, draws = 0;
        for (Map<String, Object> t : trades) {
            double pa = (Double) t.get("profit_abs");
            sumRatio += (Double) t.get("profit_ratio");
            sumAbs += pa;
            dur += (Long) t.get("trade_duration");
            if (pa > 0) wins++; else if (pa < 0) losses++; else draws++;
        }
        double mean = n == 0 ? 0 : sumRatio / n;
        return Json.obj("key", key, "trades", n, "profit_mean", mean, "profit_mean_pct", Bot.round(mean * 100, 2), "profit_sum", sumRatio,
                "profit_sum_pct", Bot.round(sumRatio * 100, 2), "profit_total_abs", Bot.round(sumAbs, 8), "profit_total", sumAbs / startBalance,
                "profit_total_pct", Bot.round(sumAbs / startBalance * 100, 2), "duration_avg", n == 0 ? "0:00" : Bot.duration(dur * 60 / n),
                "wins", wins, "draws", draws, "losses", losses, "winrate", n == 0 ? 0.0 : (double) wins / n);
    }

    static Map<String, Object> strategyStats(Setup s, String name, List<Map<String, Object>> trades, long runStart, long runEnd) {
        Map<String, Object> c = s.config();
        double start = Json.num(c.get("dry_run_wallet"), 1000);
        Map<String, List<Map<String, Object>>> perPair = new LinkedHashMap<>();
        for (String p : s.pairs()) perPair.put(p, new ArrayList<>());
        Map<String, List<Map<String, Object>>> perReason = new LinkedHashMap<>();
        for (Map<String, Object> t : trades) {
            perPair.computeIfAbsent((String) t.get("pair"), k -> new ArrayList<>()).add(t);
            perReason.computeIfAbsent((String) t.get("exit_reason"), k -> new ArrayList<>()).add(t);
        }
        List<Object> pairLines = new ArrayList<>();
        Map<String, Object> best = null, worst = null;
        for (Map.Entry<String, List<Map<String, Object>>> e : perPair.entrySet()) {
            Map<String, Object> l = resultLine(e.getKey(), e.getValue(), start);
            pairLines.add(l);
            if (!e.getValue().isEmpty()) {
                if (best == null || (Double) l.get("profit_sum") > (Double) best.get("profit_sum")) best = l;
                if (worst == null || (Double) l.get("profit_sum") < (Double) worst.get("profit_sum")) worst = l;
            }
        }
        Map<String, Object> total = resultLine("TOTAL", trades, start);
        pairLines.add(total);
        List<Object> reasonLines = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, Object>>> e : perReason.entrySet()) reasonLines.add(resultLine(e.getKey(), e.getValue(), start));
        // daily profit + drawdown
        TreeMap<String, Double> daily = new TreeMap<>();
        double cum = 0, peak = 0, maxDd = 0, ddLow = 0, ddHigh = 0, csumMin = start, csumMax = start;
        long ddStartTs = 0, ddEndTs = 0, peakTs = s.start();
        int wins = 0, losses = 0, draws = 0, cw = 0, cl = 0, maxCw = 0, maxCl = 0;
        long durW = 0, durL = 0, durAll = 0;
        for (Map<String, Object> t : trades) {
            double pa = (Double) t.get("profit_abs");
            long ct = (Long) t.get("close_timestamp");
            long d = (Long) t.get("trade_duration");
            durAll += d;
            daily.merge(LocalDate.ofInstant(Instant.ofEpochMilli(ct), ZoneOffset.UTC).toString(), pa, Double::sum);
            cum += pa;
            csumMin = Math.min(csumMin, start + cum);
            csumMax = Math.max(csumMax, start + cum);
            if (cum > peak) { peak = cum; peakTs = ct; }
            if (peak - cum > maxDd) { maxDd = peak - cum; ddStartTs = peakTs; ddEndTs = ct; ddHigh = peak; ddLow = cum; }
            if (pa > 0) { wins++; cw++; cl = 0; durW += d; } else if (pa < 0) { losses++; cl++; cw = 0; durL += d; } else { draws++; cw = 0; cl = 0; }
            maxCw = Math.max(maxCw, cw);
            maxCl = Math.max(maxCl, cl);
        }
        List<Object> dailyList = new ArrayList<>();
        double bestDay = 0, worstDay = 0;
        int winDays = 0, drawDays = 0, loseDays = 0;
        for (Map.Entry<String, Double> e : daily.entrySet()) {
            dailyList.add(List.of(e.getKey(), Bot.round(e.getValue(), 8)));
            bestDay = Math.max(bestDay, e.getValue());
            worstDay = Math.min(worstDay, e.getValue());
            if (e.getValue() > 0) winDays++; else if (e.getValue() < 0) loseDays++; else drawDays++;
        }
        int n = trades.size();
        double profitAbs = (Double) total.get("profit_total_abs");
        double winProfit = trades.stream().mapToDouble(t -> (Double) t.get("profit_abs")).filter(x -> x > 0).sum();
        double lossProfit = -trades.stream().mapToDouble(t -> (Double) t.get("profit_abs")).filter(x -> x < 0).sum();
        long days = Math.max(1, (s.stop() - s.start()) / 86400000L);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trades", trades);
        m.put("locks", List.of());
        m.put("best_pair", best);
        m.put("worst_pair", worst);
        m.put("results_per_pair", pairLines);
        m.put("results_per_enter_tag", List.of(resultLine("OTHER", trades, start), resultLine("TOTAL", trades, start)));
        m.put("exit_reason_summary", reasonLines);
        m.put("mix_tag_stats", List.of());
        m.put("left_open_trades", List.of(resultLine("TOTAL", List.of(), start)));
        m.put("total_trades", n);
        m.put("trade_count_long", n);
        m.put("trade_count_short", 0);
        m.put("total_volume", Bot.round(trades.stream().mapToDouble(t -> (Double) t.get("stake_amount") * 2).sum(), 8));
        m.put("avg_stake_amount", n == 0 ? 0.0 : trades.stream().mapToDouble(t -> (Double) t.get("stake_amount")).average().getAsDouble());
        m.put("profit_mean", total.get("profit_mean"));
        m.put("profit_median", n == 0 ? 0.0 : trades.stream().mapToDouble(t -> (Double) t.get("profit_ratio")).sorted().toArray()[n / 2]);
        m.put("profit_total", profitAbs / start);
        m.put("profit_total_long", profitAbs / start);
        m.put("profit_total_short", 0.0);
        m.put("profit_total_abs", profitAbs);
        m.put("profit_total_long_abs", profitAbs);
        m.put("profit_total_short_abs", 0.0);
        m.put("cagr", Math.pow((start + profitAbs) / start, 365.0 / days) - 1);
        m.put("expectancy", n == 0 ? 0.0 : profitAbs / n);
        m.put("expectancy_ratio", lossProfit == 0 ? 100.0 : n == 0 ? 0.0 : ((1 + (wins == 0 ? 0 : winProfit / wins) / (losses == 0 ? 1 : lossProfit / losses)) * ((double) wins / n)) - 1);
        m.put("sortino", n == 0 ? 0.0 : profitAbs / Math.max(1e-9, lossProfit) * Math.sqrt(365.0 / days));
        m.put("sharpe", n == 0 ? 0.0 : profitAbs / Math.max(1e-9, winProfit + lossProfit) * Math.sqrt(365.0 / days));
        m.put("calmar", maxDd == 0 ? 0.0 : profitAbs / maxDd);
        m.put("profit_factor", lossProfit == 0 ? 0.0 : winProfit / lossProfit);
        m.put("backtest_start", dt(s.start()));
        m.put("backtest_start_ts", s.start());
        m.put("backtest_end", dt(s.stop()));
        m.put("backtest_end_ts", s.stop());
        m.put("backtest_days", days);
        m.put("backtest_run_start_ts", runStart / 1000);
        m.put("backtest_run_end_ts", runEnd / 1000);
        m.put("trades_per_day", Bot.round((double) n / days, 2));
        m.put("market_change", 0.0123);
        m.put("pairlist", s.pairs());
        m.put("stake_amount", c.get("stake_amount"));
        m.put("stake_currency", c.get("stake_currency"));
        String sc = Json.str(c.get("stake_currency"), "");
        m.put("stake_currency_decimals", sc.equals("BTC") ? 8 : sc.equals("ETH") ? 5 : 3);
        m.put("starting_balance", start);
        m.put("dry_run_wallet", start);
        m.put("final_balance", Bot.round(start + profitAbs, 8));
        m.put("rejected_signals", 0);
        m.put("timedout_entry_orders", 0);
        m.put("timedout_exit_orders", 0);
        m.put("canceled_trade_entries", 0);
        m.put("canceled_entry_orders", 0);
        m.put("replaced_entry_orders", 0);
        m.put("max_open_trades", c.get("max_open_trades"));
        m.put("max_open_trades_setting", c.get("max_open_trades"));
        m.put("timeframe", s.timeframe());
        m.put("timeframe_detail", "");
        m.put("timerange", DateTimeFormatter.BASIC_ISO_DATE.format(LocalDate.ofInstant(Instant.ofEpochMilli(s.start()), ZoneOffset.UTC)) + "-"
                + DateTimeFormatter.BASIC_ISO_DATE.format(LocalDate.ofInstant(Instant.ofEpochMilli(s.stop()), ZoneOffset.UTC)));
        m.put("enable_protections", false);
        m.put("strategy_name", name);
        m.put("stoploss", c.get("stoploss"));
        m.put("trailing_stop", Json.bool(c.get("trailing_stop"), false));
        m.put("trailing_stop_positive", c.get("trailing_stop_positive"));
        m.put("trailing_stop_positive_offset", Json.num(c.get("trailing_stop_positive_offset"), 0.0));
        m.put("trailing_only_offset_is_reached", Json.bool(c.get("trailing_only_offset_is_reached"), false));
        m.put("use_custom_stoploss", Json.bool(c.get("use_custom_stoploss"), false));
        m.put("minimal_roi", c.get("minimal_roi"));
        m.put("use_exit_signal", Json.bool(c.get("use_exit_signal"), true));
        m.put("exit_profit_only", Json.bool(c.get("exit_profit_only"), false));
        m.put("exit_profit_offset", Json.num(c.get("exit_profit_offset"), 0.0));
        m.put("ignore_roi_if_entry_signal", Json.bool(c.get("ignore_roi_if_entry_signal"), false));
        m.put("trading_mode", Json.str(c.get("trading_mode"), "spot"));
        m.put("margin_mode", Json.str(c.get("margin_mode"), ""));
        m.put("periodic_breakdown", Json.obj());
        m.put("backtest_best_day", bestDay / start);
        m.put("backtest_worst_day", worstDay / start);
        m.put("backtest_best_day_abs", Bot.round(bestDay, 8));
        m.put("backtest_worst_day_abs", Bot.round(worstDay, 8));
        m.put("winning_days", winDays);
        m.put("draw_days", drawDays);
        m.put("losing_days", loseDays);
        m.put(n == 0 ? "daily_profit_list" : "daily_profit", dailyList);
        m.put("wins", wins);
        m.put("losses", losses);
        m.put("draws", draws);
        m.put("winrate", n == 0 ? 0.0 : (double) wins / n);
        m.put("holding_avg", n == 0 ? "0:00:00" : Bot.duration(durAll * 60 / n));
        m.put("holding_avg_s", n == 0 ? 0.0 : durAll * 60.0 / n);
        m.put("winner_holding_avg", wins == 0 ? "0:00:00" : Bot.duration(durW * 60 / wins));
        m.put("winner_holding_avg_s", wins == 0 ? 0.0 : durW * 60.0 / wins);
        m.put("loser_holding_avg", losses == 0 ? "0:00:00" : Bot.duration(durL * 60 / losses));
        m.put("loser_holding_avg_s", losses == 0 ? 0.0 : durL * 60.0 / losses);
        m.put("max_consecutive_wins", maxCw);
        m.put("max_consecutive_losses", maxCl);
        m.put("max_drawdown_account", maxDd == 0 ? 0.0 : maxDd / (start + ddHigh));
        m.put("max_relative_drawdown", maxDd == 0 ? 0.0 : maxDd / (start + ddHigh));
        m.put("max_drawdown_abs", Bot.round(maxDd, 8));
        m.put("drawdown_start", maxDd == 0 ? "1970-01-01 00:00:00+00:00" : dt(ddStartTs));
        m.put("drawdown_start_ts", ddStartTs);
        m.put("drawdown_end", maxDd == 0 ? "1970-01-01 00:00:00+00:00" : dt(ddEndTs));
        m.put("drawdown_end_ts", ddEndTs);
        m.put("max_drawdown_low", Bot.round(ddLow, 8));
        m.put("max_drawdown_high", Bot.round(ddHigh, 8));
        m.put("csum_min", Bot.round(csumMin, 8));
        m.put("csum_max", Bot.round(csumMax, 8));
        return m;
    }

    static double stakeBase(Map<String, Object> c) {
        Object sa = c.get("stake_amount");
        if (sa instanceof Number n) return n.doubleValue();
        double mot = Json.num(c.get("max_open_trades"), 1);
        return Json.num(c.get("dry_run_wallet"), 1000) * Json.num(c.get("tradable_balance_ratio"), 0.99) / Math.max(1, mot);
    }

    static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String runKey(Strategies.Info st, Setup s) {
        Map<String, Object> c = s.config();
        return st.name() + "|" + s.pairs() + "|" + s.timeframe() + "|" + s.start() + "|" + s.stop() + "|" + c.get("stake_amount") + "|"
                + c.get("max_open_trades") + "|" + c.get("dry_run_wallet") + "|" + c.get("stoploss") + "|" + c.get("minimal_roi") + "|"
                + st.code().hashCode();
    }

    /** Where result files go: {@code <userdir>/backtest_results}, or the directory of {@code --export-filename}. */
    static Path resultsDir(Cli.Parsed args, Map<String, Object> c) {
        String ef = args.str("exportfilename");
        if (ef == null) return Path.of(c.get("user_data_dir").toString()).resolve("backtest_results");
        Path p = Path.of(ef).toAbsolutePath();
        return ef.endsWith(".json") ? p.getParent() : p;
    }

    /**
     * {@code --cache} (default {@code day}, contract 4.3): earlier results of the same run ({@code run_id} in a
     * {@code .meta.json}) no older than the cache age, for a closed timerange that ends in the past. Strategy name ->
     * its stats, for the strategies that can be served from the cache.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> cachedResults(Cli.Parsed args, Setup s, SimLog log) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        String age = args.str("backtest_cache") != null ? args.str("backtest_cache") : "day";
        if ("none".equals(age)) return out;
        TimeRange requested = TimeRange.parse(args.str("timerange"));
        if (requested.stopMs() == 0 || requested.stopMs() > System.currentTimeMillis()) {
            log.warning(BT, "Backtest result caching disabled due to use of open-ended timerange.");
            return out;
        }
        long days = switch (age) { case "week" -> 7; case "month" -> 30; default -> 1; };
        long minStart = System.currentTimeMillis() / 1000 - days * 86400;
        Path dir = resultsDir(args, s.config());
        if (!Files.isDirectory(dir)) return out;
        Map<String, String> wanted = new LinkedHashMap<>();
        for (Strategies.Info st : s.strategies()) wanted.put(st.name(), sha1(runKey(st, s)));
        try (var files = Files.list(dir)) {
            for (Path meta : files.filter(f -> f.getFileName().toString().endsWith(".meta.json")).sorted().toList()) {
                Map<String, Object> m = Json.mapOrEmpty(Json.read(Files.readString(meta)));
                String base = meta.getFileName().toString().replaceFirst("\\.meta\\.json$", "");
                for (Map.Entry<String, String> w : wanted.entrySet()) {
                    Map<String, Object> entry = Json.mapOrEmpty(m.get(w.getKey()));
                    if (!w.getValue().equals(entry.get("run_id")) || Json.num(entry.get("backtest_start_time"), 0) < minStart) continue;
                    Map<String, Object> stats = readStats(dir, base);
                    Object st = stats == null ? null : Json.mapOrEmpty(stats.get("strategy")).get(w.getKey());
                    if (st instanceof Map<?, ?> map) out.put(w.getKey(), (Map<String, Object>) map);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new LinkedHashMap<>();
        }
        return out;
    }

    static Map<String, Object> readStats(Path dir, String base) throws IOException {
        Path json = dir.resolve(base + ".json");
        if (Files.isRegularFile(json)) return Json.mapOrEmpty(Json.read(Files.readString(json)));
        Path zip = dir.resolve(base + ".zip");
        if (!Files.isRegularFile(zip)) return null;
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            ZipEntry e = z.getEntry(base + ".json");
            if (e == null) return null;
            try (var in = z.getInputStream(e)) {
                return Json.mapOrEmpty(Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
    }

    static void pause(long ms) {
        try { Thread.sleep(ms); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
    }

    public static int backtesting(Cli.Parsed args, SimLog log) {
        long runStart = System.currentTimeMillis();
        Setup s = setup(args, log, ConfigLoader.RunMode.BACKTEST);
        Map<String, Object> c = s.config();
        double fee = c.get("fee") instanceof Number f ? f.doubleValue() : 0.001;
        log.info(BT, "Using fee " + String.format(Locale.ROOT, "%.4f", fee * 100) + "% - worst case fee from exchange (lowest tier).");
        log.info("freqtrade.data.history.datahandlers.idatahandler", "Loading data for " + s.pairs().size() + " pairs, " + s.timeframe());
        log.info(BT, "Loading data from " + dt(s.start()) + " up to " + dt(s.stop()) + " (" + (s.stop() - s.start()) / 86400000L + " days).");
        pause(200);
        log.info(BT, "Dataload complete. Calculating indicators");
        FreqaiSim.backtest(c, s.strategies().get(0), s.pairs(), s.start(), s.stop(), args.str("timerange"), ConfigLoader.configFiles(args, true), log);
        Map<String, Object> strategyResults = new LinkedHashMap<>();
        List<Object> comparison = new ArrayList<>();
        Map<String, Object> meta = new LinkedHashMap<>();
        String export = args.str("export") != null ? args.str("export") : Json.str(c.get("export"), "trades");
        Map<String, Map<String, Object>> cached = cachedResults(args, s, log);
        if (cached.size() == s.strategies().size()) {
            // Every strategy served from the cache: nothing new is written, .last_result.json is not touched (4.3).
            for (Strategies.Info st : s.strategies()) {
                log.info(BT, "Reusing result of previous backtest for " + st.name());
                printReport(st.name(), cached.get(st.name()), Json.str(c.get("stake_currency"), ""));
            }
            return 0;
        }
        for (Strategies.Info st : s.strategies()) {
            log.info(BT, "Running backtesting for Strategy " + st.name());
            log.info(BT, "Backtesting with data from " + dt(s.start()) + " up to " + dt(s.stop()) + " (" + (s.stop() - s.start()) / 86400000L + " days).");
            String runKey = runKey(st, s);
            SplittableRandom rnd = new SplittableRandom(Bot.fnv(runKey));
            List<Map<String, Object>> trades = simulate(s, st.name(), stakeBase(c), rnd, 0.001);
            pause(200);
            Map<String, Object> stats = strategyStats(s, st.name(), trades, runStart, System.currentTimeMillis());
            strategyResults.put(st.name(), stats);
            Map<String, Object> line = resultLine(st.name(), trades, Json.num(c.get("dry_run_wallet"), 1000));
            line.put("max_drawdown_account", stats.get("max_drawdown_account"));
            line.put("max_drawdown_abs", String.valueOf(stats.get("max_drawdown_abs")));
            comparison.add(line);
            meta.put(st.name(), Json.obj("run_id", sha1(runKey), "backtest_start_time", runStart / 1000, "timeframe", s.timeframe(),
                    "timeframe_detail", null, "backtest_start_ts", s.start() / 1000, "backtest_end_ts", s.stop() / 1000));
            printReport(st.name(), stats, Json.str(c.get("stake_currency"), ""));
        }
        Map<String, Object> result = Json.obj("strategy", strategyResults, "strategy_comparison", comparison);
        if (!"none".equals(export)) {
            Path dir = resultsDir(args, c);
            String base = "backtest-result-" + localStamp();
            String ef = args.str("exportfilename");
            if (ef != null) {
                Path p = Path.of(ef);
                if (ef.endsWith(".json")) {
                    dir = p.toAbsolutePath().getParent();
                    String stem = p.getFileName().toString();
                    base = stem.substring(0, stem.length() - 5) + "-" + localStamp().substring(0);
                } else {
                    dir = p.toAbsolutePath();
                }
            }
            boolean zip = "zip".equalsIgnoreCase(System.getenv("FTSIM_BACKTEST_FORMAT"));
            try {
                Files.createDirectories(dir);
                Path metaFile = dir.resolve(base + ".meta.json");
                log.info("freqtrade.misc", "dumping json to \"" + metaFile + "\"");
                Files.writeString(metaFile, Json.pretty(meta));
                String latest;
                if (zip) {
                    Path zf = dir.resolve(base + ".zip");
                    log.info("freqtrade.misc", "dumping joblib to \"" + zf + "\"");
                    try (ZipOutputStream zos = new ZipOutputStream(Files.newOutputStream(zf))) {
                        zos.putNextEntry(new ZipEntry(base + ".json"));
                        zos.write(Json.pretty(result).getBytes(StandardCharsets.UTF_8));
                        zos.closeEntry();
                        zos.putNextEntry(new ZipEntry(base + "_config.json"));
                        Map<String, Object> sanitized = Json.deepCopy(c);
                        Map<String, Object> ex = Json.mapOrEmpty(sanitized.get("exchange"));
                        for (String k : List.of("key", "secret", "password", "uid")) if (ex.containsKey(k)) ex.put(k, "REDACTED");
                        sanitized.remove("api_server");
                        zos.write(Json.pretty(sanitized).getBytes(StandardCharsets.UTF_8));
                        zos.closeEntry();
                        for (Strategies.Info st : s.strategies()) {
                            zos.putNextEntry(new ZipEntry(base + "_" + st.name() + ".py"));
                            zos.write(st.code().getBytes(StandardCharsets.UTF_8));
                            zos.closeEntry();
                        }
                    }
                    latest = zf.getFileName().toString();
                } else {
                    Path rf = dir.resolve(base + ".json");
                    log.info("freqtrade.misc", "dumping json to \"" + rf + "\"");
                    Files.writeString(rf, Json.pretty(result));
                    latest = rf.getFileName().toString();
                }
                Files.writeString(dir.resolve(".last_result.json"), Json.pretty(Json.obj("latest_backtest", latest)));
            } catch (IOException e) {
                throw FtException.operational("Could not write backtest results: " + e.getMessage());
            }
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    static void printReport(String name, Map<String, Object> stats, String stake) {
        List<String[]> rows = new ArrayList<>();
        for (Object o : (List<Object>) stats.get("results_per_pair")) {
            Map<String, Object> l = (Map<String, Object>) o;
            rows.add(new String[] {String.valueOf(l.get("key")), String.valueOf(l.get("trades")), String.valueOf(l.get("profit_mean_pct")),
                    String.format(Locale.ROOT, "%.3f", (Double) l.get("profit_total_abs")), String.valueOf(l.get("profit_total_pct")),
                    String.valueOf(l.get("duration_avg")), l.get("wins") + "     " + l.get("draws") + "     " + l.get("losses") + "  "
                    + String.format(Locale.ROOT, "%.1f", (Double) l.get("winrate") * 100)});
        }
        System.out.print(DataCommands.table("BACKTESTING REPORT", new String[] {"Pair", "Trades", "Avg Profit %", "Tot Profit " + stake,
                "Tot Profit %", "Avg Duration", "Win  Draw  Loss  Win%"}, rows));
        List<String[]> summary = new ArrayList<>();
        summary.add(new String[] {"Backtesting from", String.valueOf(stats.get("backtest_start"))});
        summary.add(new String[] {"Backtesting to", String.valueOf(stats.get("backtest_end"))});
        summary.add(new String[] {"Total/Daily Avg Trades", stats.get("total_trades") + " / " + stats.get("trades_per_day")});
        summary.add(new String[] {"Starting balance", stats.get("starting_balance") + " " + stake});
        summary.add(new String[] {"Final balance", stats.get("final_balance") + " " + stake});
        summary.add(new String[] {"Absolute profit", stats.get("profit_total_abs") + " " + stake});
        summary.add(new String[] {"Total profit %", String.format(Locale.ROOT, "%.2f%%", (Double) stats.get("profit_total") * 100)});
        summary.add(new String[] {"Max % of account underwater", String.format(Locale.ROOT, "%.2f%%", (Double) stats.get("max_drawdown_account") * 100)});
        System.out.print(DataCommands.table("SUMMARY METRICS", new String[] {"Metric", "Value"}, summary));
        System.out.println("Strategy: " + name);
        System.out.flush();
    }

    public static int hyperopt(Cli.Parsed args, SimLog log) {
        long runStart = System.currentTimeMillis();
        String loss = args.str("hyperopt_loss");
        Setup s = setup(args, log, ConfigLoader.RunMode.HYPEROPT);
        Map<String, Object> c = s.config();
        if (loss == null) loss = (String) c.get("hyperopt_loss");
        if (loss == null) {
            throw FtException.operational("No Hyperopt loss set. Please use `--hyperopt-loss` to specify the Hyperopt-Loss class to use.");
        }
        if (!LOSSES.contains(loss) && !customLossExists(c, loss)) {
            throw FtException.operational("Impossible to load HyperoptLoss '" + loss + "'. This class does not exist or contains Python code errors.");
        }
        Strategies.Info st = s.strategies().get(0);
        int epochs = args.get("epochs") == null ? 100 : (Integer) args.get("epochs");
        int minTrades = args.get("hyperopt_min_trades") == null ? 1 : (Integer) args.get("hyperopt_min_trades");
        List<String> spaces = args.list("spaces") == null ? List.of("default") : args.list("spaces");
        long seed = args.get("hyperopt_random_state") != null ? (Integer) args.get("hyperopt_random_state") : Bot.fnv(st.name() + s.pairs() + s.timeframe() + s.start() + s.stop() + loss);
        log.info("freqtrade.optimize.hyperopt", "Using optimizer random state: " + seed);
        log.info("freqtrade.resolvers.hyperopt_resolver", "Using resolved hyperoptloss " + loss + " from '" + loss + "'...");
        log.info("freqtrade.optimize.hyperopt", "Hyperopting with data from " + dt(s.start()) + " up to " + dt(s.stop()) + " ("
                + (s.stop() - s.start()) / 86400000L + " days)..");
        log.info("freqtrade.optimize.hyperopt", "Effective number of parallel workers used: " + Runtime.getRuntime().availableProcessors());
        Path dir = Path.of(c.get("user_data_dir").toString()).resolve("hyperopt_results");
        String fname = "strategy_" + st.name() + "_" + localStamp() + ".fthypt";
        Path results = dir.resolve(fname);
        double bestLoss = Double.MAX_VALUE;
        Map<String, Object> bestParams = null;
        Map<String, Object> bestStats = null;
        int bestEpoch = 0;
        long sleepPer = Math.max(1, Math.min(20, 2000 / Math.max(1, epochs)));
        StringBuilder lines = new StringBuilder();
        for (int e = 1; e <= epochs; e++) {
            SplittableRandom rnd = new SplittableRandom(seed + e * 7919L);
            int buyRsi = 1 + rnd.nextInt(50);
            int sellRsi = 50 + rnd.nextInt(51);
            double stoploss = Bot.round(-0.35 + rnd.nextDouble() * 0.33, 3);
            Map<String, Object> params = new LinkedHashMap<>();
            if (spaces.contains("buy") || spaces.contains("default") || spaces.contains("all")) params.put("buy", Json.obj("buy_rsi", buyRsi));
            if (spaces.contains("sell") || spaces.contains("default") || spaces.contains("all")) params.put("sell", Json.obj("sell_rsi", sellRsi));
            if (spaces.contains("roi") || spaces.contains("default") || spaces.contains("all")) {
                params.put("roi", Json.obj("0", Bot.round(0.05 + rnd.nextDouble() * 0.2, 3), "30", Bot.round(0.02 + rnd.nextDouble() * 0.05, 3),
                        "60", Bot.round(rnd.nextDouble() * 0.02, 3), "120", 0.0));
            }
            if (spaces.contains("stoploss") || spaces.contains("default") || spaces.contains("all")) params.put("stoploss", Json.obj("stoploss", stoploss));
            if (spaces.contains("trailing") || spaces.contains("all")) {
                params.put("trailing", Json.obj("trailing_stop", true, "trailing_stop_positive", 0.01, "trailing_stop_positive_offset", 0.02,
                        "trailing_only_offset_is_reached", false));
            }
            List<Map<String, Object>> trades = simulate(s, st.name(), stakeBase(c), rnd, (buyRsi - 25) / 10000.0);
            Map<String, Object> line = resultLine(st.name(), trades, Json.num(c.get("dry_run_wallet"), 1000));
            int n = trades.size();
            double lossValue = n < minTrades ? 100000.0 : -((Double) line.get("profit_total")) * 10 + rnd.nextDouble() * 0.01;
            boolean isBest = lossValue < bestLoss;
            if (isBest) {
                bestLoss = lossValue;
                bestParams = params;
                bestEpoch = e;
                bestStats = line;
            }
            Map<String, Object> epoch = Json.obj("loss", lossValue, "params_dict", flatten(params), "params_details", params,
                    "params_not_optimized", Json.obj(), "results_metrics", line, "results_explanation", explanation(line, Json.str(c.get("stake_currency"), "")),
                    "total_profit", line.get("profit_total"), "current_epoch", e, "is_initial_point", e <= 5, "is_random", false, "is_best", isBest);
            lines.append(Json.write(epoch)).append('\n');
            if (isBest || args.flag("print_all")) {
                System.out.println(String.format(Locale.ROOT, "%s%5d/%d: %s Objective: %.5f", isBest ? "*" : " ", e, epochs,
                        explanation(line, Json.str(c.get("stake_currency"), "")), lossValue));
            }
            if (e % Math.max(1, epochs / 10) == 0) {
                System.out.println("Epochs " + "━".repeat(20 * e / epochs) + " " + e + "/" + epochs + " " + (100 * e / epochs) + "%");
            }
            System.out.flush();
            pause(sleepPer);
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(results, lines.toString());
            Files.writeString(dir.resolve(".last_result.json"), Json.pretty(Json.obj("latest_hyperopt", fname)));
            log.info("freqtrade.optimize.hyperopt", epochs + " epochs saved to '" + results + "'.");
            if (!args.flag("disable_param_export") && bestParams != null) {
                String stem = st.file().getFileName().toString().replaceAll("\\.py$", "");
                Path pf = st.file().resolveSibling(stem + ".json");
                Map<String, Object> params = new LinkedHashMap<>(bestParams);
                Files.writeString(pf, Json.pretty(Json.obj("strategy_name", st.name(), "params", params, "ft_stratparam_v", 1,
                        "export_time", Bot.dt(System.currentTimeMillis()) + ".000000+00:00")));
                log.info("freqtrade.strategy.hyper", "Dumping parameters to " + pf);
            }
        } catch (IOException e) {
            throw FtException.operational("Could not write hyperopt results: " + e.getMessage());
        }
        System.out.println();
        System.out.println("Best result:");
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "*%5d/%d: %s Objective: %.5f", bestEpoch, epochs,
                bestStats == null ? "" : explanation(bestStats, Json.str(c.get("stake_currency"), "")), bestLoss));
        System.out.println();
        System.out.println("    # Buy hyperspace params:");
        System.out.println("    buy_params = " + Bot.pyRepr(Json.mapOrEmpty(bestParams == null ? null : bestParams.get("buy"))));
        System.out.println("    # Sell hyperspace params:");
        System.out.println("    sell_params = " + Bot.pyRepr(Json.mapOrEmpty(bestParams == null ? null : bestParams.get("sell"))));
        System.out.flush();
        log.info("freqtrade.optimize.hyperopt", "Hyperopt finished in " + (System.currentTimeMillis() - runStart) / 1000.0 + "s");
        return 0;
    }

    static boolean customLossExists(Map<String, Object> c, String name) {
        Path dir = Path.of(c.get("user_data_dir").toString()).resolve("hyperopts");
        if (!Files.isDirectory(dir)) return false;
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".py")).anyMatch(p -> {
                try {
                    return Files.readString(p).matches("(?s).*\\nclass\\s+" + name + "\\s*\\([^)]*IHyperOptLoss[^)]*\\).*");
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> flatten(Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if (e.getKey().equals("roi")) out.put("roi", e.getValue());
            else if (e.getValue() instanceof Map<?, ?> m) out.putAll((Map<String, Object>) m);
        }
        return out;
    }

    static String explanation(Map<String, Object> l, String stake) {
        return String.format(Locale.ROOT, "%6d trades. %d/%d/%d Wins/Draws/Losses. Avg profit %7.2f%%. Median profit %7.2f%%. Total profit %.8f %s (%7.2f%%). Avg duration %s min.",
                (Integer) l.get("trades"), (Integer) l.get("wins"), (Integer) l.get("draws"), (Integer) l.get("losses"),
                (Double) l.get("profit_mean_pct"), (Double) l.get("profit_mean_pct"), (Double) l.get("profit_total_abs"), stake,
                (Double) l.get("profit_total_pct"), l.get("duration_avg"));
    }
}
