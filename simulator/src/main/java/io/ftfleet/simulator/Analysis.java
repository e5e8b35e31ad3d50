package io.ftfleet.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code lookahead-analysis} and {@code recursive-analysis} (contract addendum A1, A2) with the simulator's own
 * deterministic logic, read from the strategy's source instead of from re-run backtests:
 * <ul>
 * <li>lookahead: an entry (exit) signal method that reads a negative {@code shift(-N)} is biased on every analysed
 * trade; an indicator assigned from an expression with a negative shift is a biased indicator;</li>
 * <li>recursive: an indicator computed by a recursive formula (EMA/RSI/... or {@code ewm}) differs from the full
 * run by {@code 100·e^(-N/(2·period))} % when only N startup candles are loaded.</li>
 * </ul>
 * Exit codes and output follow the real commands: the table on stdout, exit 0 whatever the verdict.
 */
final class Analysis {

    private static final String LA = "freqtrade.optimize.analysis.lookahead";
    private static final String LAH = "freqtrade.optimize.analysis.lookahead_helpers";
    private static final String RA = "freqtrade.optimize.analysis.recursive";
    private static final String RAH = "freqtrade.optimize.analysis.recursive_helpers";
    private static final Pattern NEGATIVE_SHIFT = Pattern.compile("\\.shift\\(\\s*-\\s*\\d+");
    private static final Pattern ASSIGNMENT = Pattern.compile("dataframe\\[['\"]([^'\"]+)['\"]\\]\\s*=\\s*(.+)");
    private static final Pattern RECURSIVE = Pattern.compile("ta\\.(EMA|RSI|MACD|ADX|ATR|TEMA|DEMA|KAMA|T3|MFI|CCI)\\b|\\.ewm\\(");
    private static final Pattern PERIOD = Pattern.compile("(?:timeperiod|span|period|window)\\s*=\\s*(\\d+)");

    private Analysis() {
    }

    static int lookahead(Cli.Parsed args, SimLog log) {
        if (args.str("timerange") == null) {
            throw FtException.operational("Please set a timerange. Usually a few months are enough depending on your needs and strategy.");
        }
        Optimize.Setup s = Optimize.setup(args, log, ConfigLoader.RunMode.UTIL_NO_EXCHANGE);
        Map<String, Object> c = s.config();
        int minimum = args.get("minimum_trade_amount") != null ? (Integer) args.get("minimum_trade_amount")
                : (int) Json.num(c.get("minimum_trade_amount"), 10);
        int targeted = args.get("targeted_trade_amount") != null ? (Integer) args.get("targeted_trade_amount")
                : (int) Json.num(c.get("targeted_trade_amount"), 20);
        if (targeted < minimum) {
            throw FtException.operational("Targeted trade amount can't be smaller than minimum trade amount.");
        }
        List<String[]> rows = new ArrayList<>();
        for (Strategies.Info st : s.strategies()) {
            String file = st.file().getFileName().toString();
            log.info(LAH, "Bias test of " + file + " started.");
            String code = st.code();
            SplittableRandom rnd = new SplittableRandom(Bot.fnv("lookahead|" + st.name() + "|" + s.start() + "|" + s.stop()));
            int found = Optimize.simulate(s, st.name(), 10000, rnd, 0.001).size() + 1;
            if (found < minimum) {
                log.info(LA, "found " + found + " trades which is less than minimum_trade_amount " + minimum
                        + ". Cancelling this backtest lookahead bias test.");
                log.info(LAH, " -> " + st.name() + " : too few trades. We only found " + found + " trades. Hint: Extend the timerange "
                        + "to get at least " + minimum + " or lower the value of minimum_trade_amount.");
                rows.add(new String[] { file, st.name(), "too few trades caught (" + found + "/" + minimum + ").Test failed.", "", "", "", "" });
                continue;
            }
            int total = Math.min(found, targeted);
            log.info(LA, found >= targeted ? "Found " + found + " trades, calculating " + targeted + " trades."
                    : "Only found " + found + " trades. Calculating all available trades.");
            boolean entry = NEGATIVE_SHIFT.matcher(method(code, "populate_entry_trend") + method(code, "populate_buy_trend")).find();
            boolean exit = NEGATIVE_SHIFT.matcher(method(code, "populate_exit_trend") + method(code, "populate_sell_trend")).find();
            List<String> indicators = futureIndicators(method(code, "populate_indicators"));
            for (String indicator : indicators) {
                log.info(LA, "=> found look ahead bias in indicator " + indicator + ". " + "0.0 != 1.0");
            }
            boolean bias = entry || exit || !indicators.isEmpty();
            log.info(LAH, bias ? " => " + st.name() + " : bias detected!" : st.name() + ": no bias detected");
            rows.add(new String[] { file, st.name(), bias ? "Yes" : "No", Integer.toString(total),
                    Integer.toString(entry ? total : 0), Integer.toString(exit ? total : 0), String.join(", ", indicators) });
            log.info(LAH, "Checking look ahead bias via backtests of " + file + " took 1 seconds.");
        }
        System.out.print(DataCommands.table("Lookahead Analysis", new String[] { "filename", "strategy", "has_bias",
                "total_signals", "biased_entry_signals", "biased_exit_signals", "biased_indicators" }, rows));
        System.out.flush();
        return 0;
    }

    static int recursive(Cli.Parsed args, SimLog log) {
        if (args.str("timerange") == null) {
            throw FtException.operational("Please set a timerange. A timerange of 5000 candles are enough for recursive analysis.");
        }
        Optimize.Setup s = Optimize.setup(args, log, ConfigLoader.RunMode.UTIL_NO_EXCHANGE);
        TreeSet<Integer> startups = new TreeSet<>();
        if (args.list("startup_candle") != null) {
            for (String n : args.list("startup_candle")) {
                startups.add(Integer.parseInt(n.trim()));
            }
        } else if (s.config().get("startup_candle") instanceof List<?> l) {
            l.forEach(n -> startups.add(((Number) n).intValue()));
        } else {
            startups.addAll(List.of(199, 399, 499, 999, 1999));
        }
        Strategies.Info st = s.strategies().get(0);
        String file = st.file().getFileName().toString();
        int own = (int) Json.num(s.config().get("startup_candle_count"), 0);
        if (own > 0) {
            startups.add(own);
        }
        log.info(RAH, "Recursive test of " + file + " started.");
        String body = method(st.code(), "populate_indicators");
        for (String indicator : futureIndicators(body)) {
            log.info(RA, "=> found lookahead in indicator " + indicator);
        }
        if (futureIndicators(body).isEmpty()) {
            log.info(RA, "No lookahead bias on indicators found.");
        }
        Map<String, Integer> recursive = recursiveIndicators(body);
        log.info(RA, "Start checking for recursive bias");
        Map<String, Map<Integer, String>> variance = new LinkedHashMap<>();
        for (int n : startups) {
            log.info(RA, "Calculating indicators using startup candle of " + n + ".");
            boolean any = false;
            for (Map.Entry<String, Integer> e : recursive.entrySet()) {
                double pct = 100 * Math.exp(-n / (2.0 * e.getValue()));
                if (pct >= 0.0005) {
                    any = true;
                    variance.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>())
                            .put(n, String.format(Locale.ROOT, "%.3f%%", pct));
                }
            }
            if (!any) {
                log.info(RA, "No variance on indicator(s) found due to recursive formula.");
                break;
            }
        }
        log.info(RAH, "Checking recursive and indicator-only lookahead bias of indicators of " + file + " took 1 seconds.");
        if (!variance.isEmpty()) {
            List<String> head = new ArrayList<>(List.of("Indicators"));
            startups.forEach(n -> head.add(n == own ? n + " (from strategy)" : Integer.toString(n)));
            List<String[]> rows = new ArrayList<>();
            variance.forEach((name, byN) -> {
                List<String> row = new ArrayList<>(List.of(name));
                startups.forEach(n -> row.add(byN.getOrDefault(n, "-")));
                rows.add(row.toArray(String[]::new));
            });
            System.out.print(DataCommands.table("Recursive Analysis", head.toArray(String[]::new), rows));
            System.out.flush();
        }
        return 0;
    }

    /** The body of a strategy method (up to the next method of the class), or "" when it has none. */
    static String method(String code, String name) {
        Matcher m = Pattern.compile("\\n\\s+def " + name + "\\s*\\(").matcher(code);
        if (!m.find()) {
            return "";
        }
        int next = code.indexOf("\n    def ", m.end());
        return code.substring(m.end(), next < 0 ? code.length() : next);
    }

    /** Columns assigned from an expression that reads a later candle. */
    static List<String> futureIndicators(String body) {
        List<String> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            Matcher m = ASSIGNMENT.matcher(line.trim());
            if (m.matches() && NEGATIVE_SHIFT.matcher(m.group(2)).find() && !out.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** Columns computed by a recursive formula, with their period (14 when none is given). */
    static Map<String, Integer> recursiveIndicators(String body) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            Matcher m = ASSIGNMENT.matcher(line.trim());
            if (m.matches() && RECURSIVE.matcher(m.group(2)).find()) {
                Matcher p = PERIOD.matcher(m.group(2));
                out.putIfAbsent(m.group(1), p.find() ? Math.max(1, Integer.parseInt(p.group(1))) : 14);
            }
        }
        return out;
    }
}
