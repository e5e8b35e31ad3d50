package io.ftfleet.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Strategy discovery by a line-based scan of *.py files for "class X(IStrategy)" (simulator only –
 * real freqtrade imports the modules). Also extracts the class attributes freqtrade copies into the
 * config (timeframe, stoploss, minimal_roi, …) with simple regexes.
 */
public final class Strategies {
    private static final Pattern CLASS = Pattern.compile("^class\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(([^)]*)\\)\\s*:");
    private static final Pattern PARAM = Pattern.compile("^\\s+(\\w+)\\s*=\\s*(IntParameter|DecimalParameter|RealParameter|CategoricalParameter|BooleanParameter)\\((.*)");

    public record Info(String name, Path file, Path searchDir, String status, Map<String, Object> attributes, int buyParams, int sellParams) {
        public String location() { return searchDir.relativize(file).toString(); }
        public String code() {
            try { return Files.readString(file, StandardCharsets.UTF_8); } catch (IOException e) { return ""; }
        }
    }

    private Strategies() {}

    /** Search path per iresolver.build_search_paths: strategy_path first, recursive sub-dirs, then userdir/strategies. */
    public static List<Path> searchDirs(Map<String, Object> config) {
        List<Path> dirs = new ArrayList<>();
        Object sp = config.get("strategy_path");
        if (sp != null) dirs.add(Path.of(sp.toString()));
        Path base = Path.of(Json.str(config.get("user_data_dir"), "user_data")).resolve("strategies");
        if (Json.bool(config.get("recursive_strategy_search"), false) && Files.isDirectory(base)) {
            try (Stream<Path> s = Files.walk(base)) {
                s.filter(Files::isDirectory).filter(p -> !p.equals(base)).sorted().forEach(dirs::add);
            } catch (IOException ignored) { }
        }
        dirs.add(base);
        return dirs;
    }

    /** All strategies found (in search order), duplicates flagged like list-strategies does. */
    public static List<Info> scan(List<Path> dirs) {
        List<Info> out = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) continue;
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.toString().endsWith(".py") && Files.isRegularFile(p)).sorted().toList();
            } catch (IOException e) {
                continue;
            }
            for (Path f : files) {
                for (Info i : scanFile(f, dir)) {
                    String status = seen.containsKey(i.name()) ? "DUPLICATE NAME" : "OK";
                    seen.put(i.name(), true);
                    out.add(new Info(i.name(), i.file(), i.searchDir(), status, i.attributes(), i.buyParams(), i.sellParams()));
                }
            }
        }
        return out;
    }

    static List<Info> scanFile(Path f, Path dir) {
        List<Info> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return out;
        }
        String current = null;
        Map<String, Object> attrs = null;
        int buy = 0;
        int sell = 0;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            Matcher m = CLASS.matcher(line);
            if (m.find()) {
                if (current != null) out.add(new Info(current, f, dir, "OK", attrs, buy, sell));
                current = null;
                String bases = m.group(2);
                if (bases.matches(".*\\bIStrategy\\b.*")) {
                    current = m.group(1);
                    attrs = new LinkedHashMap<>();
                    buy = 0;
                    sell = 0;
                }
                continue;
            }
            if (current == null) continue;
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
                out.add(new Info(current, f, dir, "OK", attrs, buy, sell));
                current = null;
                continue;
            }
            Matcher pm = PARAM.matcher(line);
            if (pm.find()) {
                String rest = pm.group(3);
                String space = null;
                Matcher sm = Pattern.compile("space\\s*=\\s*['\"](\\w+)['\"]").matcher(rest);
                if (sm.find()) space = sm.group(1);
                if (space == null) space = pm.group(1).startsWith("buy_") ? "buy" : pm.group(1).startsWith("sell_") ? "sell" : "";
                if (space.equals("buy")) buy++;
                if (space.equals("sell")) sell++;
                continue;
            }
            parseAttr(line, lines, n, attrs);
        }
        if (current != null) out.add(new Info(current, f, dir, "OK", attrs, buy, sell));
        return out;
    }

    private static final Pattern STR_ATTR = Pattern.compile("^\\s{4}(timeframe|INTERFACE_VERSION|stoploss|startup_candle_count|can_short|trailing_stop|use_exit_signal|process_only_new_candles|position_adjustment_enable|use_custom_stoploss)\\s*(?::\\s*\\w+)?\\s*=\\s*(.+?)\\s*(#.*)?$");

    static void parseAttr(String line, List<String> lines, int n, Map<String, Object> attrs) {
        Matcher m = STR_ATTR.matcher(line);
        if (m.find()) {
            String key = m.group(1);
            String v = m.group(2).trim();
            Object val;
            if (v.startsWith("\"") || v.startsWith("'")) val = v.substring(1, Math.max(1, v.length() - 1));
            else if (v.equals("True")) val = true;
            else if (v.equals("False")) val = false;
            else {
                try {
                    val = v.contains(".") || v.contains("e") ? (Object) Double.parseDouble(v) : (Object) Long.parseLong(v);
                } catch (NumberFormatException e) {
                    return;
                }
            }
            attrs.putIfAbsent(key, val);
            return;
        }
        if (line.matches("^\\s{4}minimal_roi\\s*(:\\s*[\\w\\[\\], ]+)?\\s*=\\s*\\{.*")) {
            StringBuilder sb = new StringBuilder();
            for (int k = n; k < lines.size() && k < n + 40; k++) {
                String l = lines.get(k).replaceAll("#.*$", "");
                sb.append(l);
                if (l.contains("}")) break;
            }
            String body = sb.substring(sb.indexOf("{") + 1, sb.lastIndexOf("}") < 0 ? sb.length() : sb.lastIndexOf("}"));
            Map<String, Object> roi = new LinkedHashMap<>();
            Matcher e = Pattern.compile("['\"]?(\\d+)['\"]?\\s*:\\s*(-?[0-9.eE+-]+)").matcher(body);
            while (e.find()) {
                try { roi.put(e.group(1), Double.parseDouble(e.group(2))); } catch (NumberFormatException ignored) { }
            }
            attrs.putIfAbsent("minimal_roi", roi);
        }
    }

    /** Resolves a strategy class by name (first hit wins) or throws freqtrade's OperationalException. */
    public static Info resolve(String name, Map<String, Object> config) {
        for (Info i : scan(searchDirs(config))) {
            if (i.name().equals(name)) return i;
        }
        throw FtException.operational("Impossible to load Strategy '" + name + "'. This class does not exist or contains Python code errors.");
    }

    public static final String SAMPLE_STRATEGY = """
            # pragma pylint: disable=missing-docstring, invalid-name, pointless-string-statement
            # flake8: noqa: F401
            # isort: skip_file
            # --- Do not remove these imports ---
            import numpy as np
            import pandas as pd
            from pandas import DataFrame
            from typing import Optional, Union

            from freqtrade.strategy import (
                IStrategy,
                Trade,
                Order,
                PairLocks,
                informative,  # @informative decorator
                # Hyperopt Parameters
                BooleanParameter,
                CategoricalParameter,
                DecimalParameter,
                IntParameter,
                RealParameter,
                # timeframe helpers
                timeframe_to_minutes,
                timeframe_to_next_date,
                timeframe_to_prev_date,
                # Strategy helper functions
                merge_informative_pair,
                stoploss_from_absolute,
                stoploss_from_open,
            )

            # --------------------------------
            # Add your lib to import here
            import talib.abstract as ta
            from technical import qtpylib


            # This class is a sample. Feel free to customize it.
            class SampleStrategy(IStrategy):
                \"\"\"
                This is a sample strategy to inspire you.
                More information in https://www.freqtrade.io/en/latest/strategy-customization/
                \"\"\"

                # Strategy interface version - allow new iterations of the strategy interface.
                # Check the documentation or the Sample strategy to get the latest version.
                INTERFACE_VERSION = 3

                # Can this strategy go short?
                can_short: bool = False

                # Minimal ROI designed for the strategy.
                # This attribute will be overridden if the config file contains "minimal_roi".
                minimal_roi = {
                    # "120": 0.0,  # exit after 120 minutes at break even
                    "60": 0.01,
                    "30": 0.02,
                    "0": 0.04,
                }

                # Optimal stoploss designed for the strategy.
                # This attribute will be overridden if the config file contains "stoploss".
                stoploss = -0.10

                # Trailing stoploss
                trailing_stop = False

                # Optimal timeframe for the strategy.
                timeframe = "5m"

                # Run "populate_indicators()" only for new candle.
                process_only_new_candles = True

                # These values can be overridden in the config.
                use_exit_signal = True
                exit_profit_only = False
                ignore_roi_if_entry_signal = False

                # Hyperoptable parameters
                buy_rsi = IntParameter(low=1, high=50, default=30, space="buy", optimize=True, load=True)
                sell_rsi = IntParameter(low=50, high=100, default=70, space="sell", optimize=True, load=True)
                short_rsi = IntParameter(low=51, high=100, default=70, space="sell", optimize=True, load=True)
                exit_short_rsi = IntParameter(low=1, high=50, default=30, space="buy", optimize=True, load=True)

                # Number of candles the strategy requires before producing valid signals
                startup_candle_count: int = 200

                # Optional order type mapping.
                order_types = {
                    "entry": "limit",
                    "exit": "limit",
                    "stoploss": "market",
                    "stoploss_on_exchange": False,
                }

                # Optional order time in force.
                order_time_in_force = {"entry": "GTC", "exit": "GTC"}

                def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                    dataframe["rsi"] = ta.RSI(dataframe)
                    return dataframe

                def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                    dataframe.loc[
                        (
                            (qtpylib.crossed_above(dataframe["rsi"], self.buy_rsi.value))
                            & (dataframe["volume"] > 0)
                        ),
                        "enter_long",
                    ] = 1
                    return dataframe

                def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                    dataframe.loc[
                        (
                            (qtpylib.crossed_above(dataframe["rsi"], self.sell_rsi.value))
                            & (dataframe["volume"] > 0)
                        ),
                        "exit_long",
                    ] = 1
                    return dataframe
            """;

    public static final String SAMPLE_HYPEROPT_LOSS = """
            from datetime import datetime
            from math import exp
            from typing import Dict

            from pandas import DataFrame

            from freqtrade.optimize.hyperopt import IHyperOptLoss


            TARGET_TRADES = 600
            EXPECTED_MAX_PROFIT = 3.0
            MAX_ACCEPTED_TRADE_DURATION = 300


            class SampleHyperOptLoss(IHyperOptLoss):
                \"\"\"
                Defines the default loss function for hyperopt
                This is intended to give you some inspiration for your own loss function.
                \"\"\"

                @staticmethod
                def hyperopt_loss_function(
                    results: DataFrame,
                    trade_count: int,
                    min_date: datetime,
                    max_date: datetime,
                    config: Dict,
                    processed: Dict[str, DataFrame],
                    *args,
                    **kwargs,
                ) -> float:
                    total_profit = results["profit_ratio"].sum()
                    trade_duration = results["trade_duration"].mean()

                    trade_loss = 1 - 0.25 * exp(-((trade_count - TARGET_TRADES) ** 2) / 10**5.8)
                    profit_loss = max(0, 1 - total_profit / EXPECTED_MAX_PROFIT)
                    duration_loss = 0.4 * min(trade_duration / MAX_ACCEPTED_TRADE_DURATION, 1)
                    result = trade_loss + profit_loss + duration_loss
                    return result
            """;
}
