package io.ftfleet.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An argparse look-alike for freqtrade's command line (freqtrade/commands/arguments.py and
 * cli_options.py, contract section 4): same sub-commands, option spellings, abbreviation rules and
 * error texts ("usage: …" + "prog: error: …" on stderr, exit code 2).
 */
public final class Cli {
    public enum Kind { FLAG, VALUE, APPEND, MULTI, COUNT }

    public record Opt(List<String> flags, String dest, Kind kind, String metavar, List<String> choices, String type) {
        String display() { return String.join("/", flags); }
    }

    static Opt flag(String dest, String... flags) { return new Opt(List.of(flags), dest, Kind.FLAG, null, null, null); }
    static Opt val(String dest, String metavar, String type, String... flags) { return new Opt(List.of(flags), dest, Kind.VALUE, metavar, null, type); }
    static Opt choice(String dest, List<String> choices, String... flags) { return new Opt(List.of(flags), dest, Kind.VALUE, null, choices, null); }
    static Opt multi(String dest, String metavar, List<String> choices, String... flags) { return new Opt(List.of(flags), dest, Kind.MULTI, metavar, choices, null); }

    static final List<String> DATA_FORMATS = List.of("json", "jsongz", "hdf5", "feather", "parquet");

    static final List<Opt> COMMON = List.of(
            new Opt(List.of("-v", "--verbose"), "verbosity", Kind.COUNT, null, null, null),
            val("logfile", "FILE", null, "--logfile", "--log-file"),
            flag("version", "-V", "--version"),
            new Opt(List.of("-c", "--config"), "config", Kind.APPEND, "PATH", null, null),
            val("datadir", "PATH", null, "-d", "--datadir", "--data-dir"),
            val("user_data_dir", "PATH", null, "--userdir", "--user-data-dir"));

    static final List<Opt> STRATEGY = List.of(
            val("strategy", "NAME", null, "-s", "--strategy"),
            val("strategy_path", "PATH", null, "--strategy-path"),
            flag("recursive_strategy_search", "--recursive-strategy-search"),
            val("freqaimodel", "NAME", null, "--freqaimodel"),
            val("freqaimodel_path", "PATH", null, "--freqaimodel-path"));

    static final List<Opt> TRADE = List.of(
            val("db_url", "PATH", null, "--db-url"),
            flag("sd_notify", "--sd-notify"),
            flag("dry_run", "--dry-run"),
            val("dry_run_wallet", "DRY_RUN_WALLET", "float", "--dry-run-wallet", "--starting-balance"),
            val("fee", "FLOAT", "float", "--fee"));

    static final List<Opt> COMMON_OPTIMIZE = List.of(
            val("timeframe", "TIMEFRAME", null, "-i", "--timeframe"),
            val("timerange", "TIMERANGE", null, "--timerange"),
            choice("dataformat_ohlcv", DATA_FORMATS, "--data-format-ohlcv"),
            val("max_open_trades", "INT", "int", "--max-open-trades"),
            val("stake_amount", "STAKE_AMOUNT", null, "--stake-amount"),
            val("fee", "FLOAT", "float", "--fee"),
            multi("pairs", "PAIRS", null, "-p", "--pairs"));

    static final List<Opt> BACKTEST_HYPEROPT_SHARED = List.of(
            flag("position_stacking", "--eps", "--enable-position-stacking"),
            flag("use_max_market_positions", "--dmmp", "--disable-max-market-positions"),
            flag("enable_protections", "--enable-protections"),
            val("dry_run_wallet", "DRY_RUN_WALLET", "float", "--dry-run-wallet", "--starting-balance"),
            val("timeframe_detail", "TIMEFRAME_DETAIL", null, "--timeframe-detail"));

    static final List<Opt> BACKTEST_ONLY = List.of(
            multi("strategy_list", "STRATEGY_LIST", null, "--strategy-list"),
            choice("export", List.of("none", "trades", "signals"), "--export"),
            val("exportfilename", "PATH", null, "--export-filename", "--backtest-filename"),
            multi("backtest_breakdown", null, List.of("day", "week", "month"), "--breakdown"),
            choice("backtest_cache", List.of("none", "day", "week", "month"), "--cache"),
            flag("freqai_backtest_live_models", "--freqai-backtest-live-models"));

    static final List<String> SPACES = List.of("all", "buy", "sell", "roi", "stoploss", "trailing", "protection", "trades", "default");

    static final List<Opt> HYPEROPT_ONLY = List.of(
            val("epochs", "INT", "int", "-e", "--epochs"),
            multi("spaces", null, SPACES, "--spaces"),
            flag("print_all", "--print-all"),
            flag("print_colorized", "--no-color"),
            flag("print_json", "--print-json"),
            val("hyperopt_jobs", "JOBS", "int", "-j", "--job-workers"),
            val("hyperopt_random_state", "INT", "int", "--random-state"),
            val("hyperopt_min_trades", "INT", "int", "--min-trades"),
            val("hyperopt_loss", "NAME", null, "--hyperopt-loss", "--hyperoptloss"),
            flag("disable_param_export", "--disable-param-export"),
            flag("hyperopt_ignore_missing_space", "--ignore-missing-spaces"),
            flag("analyze_per_epoch", "--analyze-per-epoch"));

    static final List<Opt> DOWNLOAD = List.of(
            multi("pairs", "PAIRS", null, "-p", "--pairs"),
            val("pairs_file", "FILE", null, "--pairs-file"),
            val("days", "INT", "int", "--days"),
            val("new_pairs_days", "INT", "int", "--new-pairs-days"),
            flag("include_inactive", "--include-inactive-pairs"),
            val("timerange", "TIMERANGE", null, "--timerange"),
            flag("download_trades", "--dl-trades"),
            flag("convert_trades", "--convert"),
            val("exchange", "EXCHANGE", null, "--exchange"),
            multi("timeframes", null, List.of("1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "2w", "1M", "1y"), "-t", "--timeframes"),
            flag("erase", "--erase"),
            choice("dataformat_ohlcv", DATA_FORMATS, "--data-format-ohlcv"),
            choice("dataformat_trades", DATA_FORMATS, "--data-format-trades"),
            choice("trading_mode", List.of("spot", "margin", "futures"), "--trading-mode", "--tradingmode"),
            flag("prepend_data", "--prepend"));

    /** Backtesting options lookahead-analysis inherits (A1.1): without --eps, --dmmp, --cache, --breakdown. */
    static final List<Opt> LOOKAHEAD_ONLY = List.of(
            flag("enable_protections", "--enable-protections"),
            val("dry_run_wallet", "DRY_RUN_WALLET", "float", "--dry-run-wallet", "--starting-balance"),
            val("timeframe_detail", "TIMEFRAME_DETAIL", null, "--timeframe-detail"),
            multi("strategy_list", "STRATEGY_LIST", null, "--strategy-list"),
            choice("export", List.of("none", "trades", "signals"), "--export"),
            val("exportfilename", "PATH", null, "--export-filename", "--backtest-filename"),
            flag("freqai_backtest_live_models", "--freqai-backtest-live-models"),
            val("minimum_trade_amount", "INT", "posint", "--minimum-trade-amount"),
            val("targeted_trade_amount", "INT", "posint", "--targeted-trade-amount"),
            val("lookahead_analysis_exportfilename", "FILE", null, "--lookahead-analysis-exportfilename"));

    static final List<Opt> RECURSIVE_ONLY = List.of(
            val("timeframe", "TIMEFRAME", null, "-i", "--timeframe"),
            val("timerange", "TIMERANGE", null, "--timerange"),
            choice("dataformat_ohlcv", DATA_FORMATS, "--data-format-ohlcv"),
            multi("pairs", "PAIRS", null, "-p", "--pairs"),
            multi("startup_candle", "STARTUP_CANDLE", null, "--startup-candle"));

    static final List<Opt> LIST_STRATEGIES = List.of(
            val("strategy_path", "PATH", null, "--strategy-path"),
            flag("print_one_column", "-1", "--one-column"),
            flag("print_colorized", "--no-color"),
            flag("recursive_strategy_search", "--recursive-strategy-search"));

    static final List<Opt> LIST_EXCHANGES = List.of(
            flag("print_one_column", "-1", "--one-column"),
            flag("list_exchanges_all", "-a", "--all"));

    static final List<Opt> CREATE_USERDIR = List.of(
            val("user_data_dir", "PATH", null, "--userdir", "--user-data-dir"),
            flag("reset", "--reset"));

    static final List<Opt> MULTI_OPTS = List.of(
            val("count", "N", "int", "--count"),
            val("base_port", "PORT", "int", "--base-port"),
            val("name_prefix", "PREFIX", null, "--name-prefix"),
            val("listen", "IP", null, "--listen-ip-address"),
            val("db_dir", "DIR", null, "--db-dir"),
            choice("initial_state", List.of("running", "stopped"), "--initial-state"),
            val("exchange", "EXCHANGE", null, "--exchange"),
            multi("pairs", "PAIRS", null, "-p", "--pairs"),
            val("logfile", "FILE", null, "--logfile", "--log-file"));

    /** All real freqtrade sub-commands (for argparse's "invalid choice" message). */
    static final List<String> ALL_COMMANDS = List.of("trade", "create-userdir", "new-config", "show-config", "new-strategy",
            "download-data", "convert-data", "convert-trade-data", "trades-to-ohlcv", "list-data", "backtesting",
            "backtesting-show", "backtesting-analysis", "edge", "hyperopt", "hyperopt-list", "hyperopt-show",
            "list-exchanges", "list-markets", "list-pairs", "list-strategies", "list-freqaimodels", "list-hyperoptloss",
            "list-timeframes", "show-trades", "test-pairlist", "convert-db", "install-ui", "plot-dataframe", "plot-profit",
            "webserver", "strategy-updater", "lookahead-analysis", "recursive-analysis");

    static final Map<String, List<Opt>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("trade", concat(COMMON, STRATEGY, TRADE));
        COMMANDS.put("backtesting", concat(COMMON, STRATEGY, COMMON_OPTIMIZE, BACKTEST_HYPEROPT_SHARED, BACKTEST_ONLY));
        COMMANDS.put("hyperopt", concat(COMMON, STRATEGY, COMMON_OPTIMIZE, BACKTEST_HYPEROPT_SHARED, HYPEROPT_ONLY));
        COMMANDS.put("download-data", concat(COMMON, DOWNLOAD));
        COMMANDS.put("lookahead-analysis", concat(COMMON, STRATEGY, COMMON_OPTIMIZE, LOOKAHEAD_ONLY));
        COMMANDS.put("recursive-analysis", concat(COMMON, STRATEGY, RECURSIVE_ONLY));
        COMMANDS.put("list-strategies", concat(COMMON, LIST_STRATEGIES));
        COMMANDS.put("list-exchanges", concat(COMMON, LIST_EXCHANGES));
        COMMANDS.put("create-userdir", CREATE_USERDIR);
        COMMANDS.put("multi", MULTI_OPTS);
    }

    @SafeVarargs
    static List<Opt> concat(List<Opt>... lists) {
        List<Opt> out = new ArrayList<>();
        for (List<Opt> l : lists) {
            for (Opt o : l) {
                if (out.stream().noneMatch(x -> x.flags().equals(o.flags()))) out.add(o);
            }
        }
        return out;
    }

    public static final String PROG = "freqtrade";

    public static String topUsage() {
        return "usage: " + PROG + " [-h] [-V]\n                 {" + String.join(",", ALL_COMMANDS) + "}\n                 ...";
    }

    public static String usage(String command) {
        StringBuilder sb = new StringBuilder("usage: " + PROG + " " + command + " [-h]");
        for (Opt o : COMMANDS.get(command)) {
            String f = o.flags().get(0);
            switch (o.kind()) {
                case FLAG, COUNT -> sb.append(" [").append(f).append("]");
                case VALUE, APPEND -> sb.append(" [").append(f).append(" ").append(metavar(o)).append("]");
                case MULTI -> sb.append(" [").append(f).append(" ").append(metavar(o)).append(" [").append(metavar(o)).append(" ...]]");
            }
        }
        return sb.toString();
    }

    static String metavar(Opt o) {
        if (o.metavar() != null) return o.metavar();
        if (o.choices() != null) return "{" + String.join(",", o.choices()) + "}";
        return o.dest().toUpperCase();
    }

    /** Result of parsing: the sub-command plus dest → value (String, Integer, Double, Boolean, List). */
    public record Parsed(String command, Map<String, Object> values, boolean help) {
        public Object get(String k) { return values.get(k); }
        public String str(String k) { Object v = values.get(k); return v == null ? null : v.toString(); }
        public boolean flag(String k) { return Boolean.TRUE.equals(values.get(k)); }
        @SuppressWarnings("unchecked")
        public List<String> list(String k) { Object v = values.get(k); return v == null ? null : (List<String>) v; }
    }

    /** Parses argv. Throws UsageError for argparse errors. Returns command null when none was given. */
    public static Parsed parse(String[] argv) {
        List<String> args = Arrays.asList(argv);
        int i = 0;
        Map<String, Object> top = new LinkedHashMap<>();
        List<String> unrecognized = new ArrayList<>();
        while (i < args.size() && args.get(i).startsWith("-") && args.get(i).length() > 1) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help") || (a.startsWith("--h") && "--help".startsWith(a))) {
                return new Parsed(null, top, true);
            }
            if (a.equals("-V") || (a.startsWith("--v") && "--version".startsWith(a))) {
                top.put("version_main", true);
            } else {
                unrecognized.add(a);
            }
            i++;
        }
        if (i >= args.size()) {
            if (!unrecognized.isEmpty()) {
                throw new UsageError(topUsage(), PROG, "unrecognized arguments: " + String.join(" ", unrecognized));
            }
            return new Parsed(null, top, false);
        }
        String cmd = args.get(i++);
        if (!COMMANDS.containsKey(cmd)) {
            if (ALL_COMMANDS.contains(cmd)) {
                throw FtException.operational("Sub-command '" + cmd + "' is not simulated by freqtrade-sim. Supported: "
                        + String.join(", ", COMMANDS.keySet()) + ".");
            }
            StringBuilder choices = new StringBuilder();
            for (String c : ALL_COMMANDS) {
                if (choices.length() > 0) choices.append(", ");
                choices.append('\'').append(c).append('\'');
            }
            throw new UsageError(topUsage(), PROG, "argument command: invalid choice: '" + cmd + "' (choose from " + choices + ")");
        }
        List<Opt> opts = COMMANDS.get(cmd);
        String sub = PROG + " " + cmd;
        Map<String, Object> vals = new LinkedHashMap<>(top);
        boolean help = false;
        while (i < args.size()) {
            String a = args.get(i++);
            if (a.equals("--")) {
                while (i < args.size()) unrecognized.add(args.get(i++));
                break;
            }
            if (!isOption(a)) {
                unrecognized.add(a);
                continue;
            }
            if (a.equals("-h") || a.equals("--help")) {
                help = true;
                continue;
            }
            String name = a;
            String inline = null;
            if (a.startsWith("--") && a.contains("=")) {
                name = a.substring(0, a.indexOf('='));
                inline = a.substring(a.indexOf('=') + 1);
            }
            Opt opt = find(opts, name, sub, cmd);
            if (opt == null && !a.startsWith("--") && a.length() > 2) {
                // short option with attached value (-cconfig.json) or repeated count flag (-vvv)
                Opt shortOpt = find(opts, a.substring(0, 2), sub, cmd);
                if (shortOpt != null && shortOpt.kind() == Kind.COUNT && a.substring(1).chars().allMatch(ch -> ch == a.charAt(1))) {
                    vals.put(shortOpt.dest(), ((Integer) vals.getOrDefault(shortOpt.dest(), 0)) + a.length() - 1);
                    continue;
                }
                if (shortOpt != null && (shortOpt.kind() == Kind.VALUE || shortOpt.kind() == Kind.APPEND || shortOpt.kind() == Kind.MULTI)) {
                    opt = shortOpt;
                    inline = a.substring(2);
                }
            }
            if (opt == null) {
                unrecognized.add(a);
                continue;
            }
            switch (opt.kind()) {
                case FLAG -> {
                    if (inline != null) throw new UsageError(usage(cmd), sub, "argument " + opt.display() + ": ignored explicit argument '" + inline + "'");
                    vals.put(opt.dest(), opt.dest().equals("print_colorized") ? Boolean.FALSE : Boolean.TRUE);
                    if (opt.dest().equals("use_max_market_positions")) vals.put(opt.dest(), Boolean.FALSE);
                }
                case COUNT -> vals.put(opt.dest(), ((Integer) vals.getOrDefault(opt.dest(), 0)) + 1);
                case VALUE, APPEND -> {
                    String v = inline;
                    if (v == null) {
                        if (i >= args.size() || isOption(args.get(i))) {
                            throw new UsageError(usage(cmd), sub, "argument " + opt.display() + ": expected one argument");
                        }
                        v = args.get(i++);
                    }
                    Object conv = convert(opt, v, cmd, sub);
                    if (opt.kind() == Kind.APPEND) {
                        @SuppressWarnings("unchecked")
                        List<Object> l = (List<Object>) vals.computeIfAbsent(opt.dest(), k -> new ArrayList<>());
                        l.add(conv);
                    } else {
                        vals.put(opt.dest(), conv);
                    }
                }
                case MULTI -> {
                    List<Object> l = new ArrayList<>();
                    if (inline != null) l.add(convert(opt, inline, cmd, sub));
                    while (i < args.size() && !isOption(args.get(i))) {
                        l.add(convert(opt, args.get(i++), cmd, sub));
                    }
                    if (l.isEmpty()) throw new UsageError(usage(cmd), sub, "argument " + opt.display() + ": expected at least one argument");
                    vals.put(opt.dest(), l);
                }
            }
        }
        if (!unrecognized.isEmpty() && !help) {
            throw new UsageError(topUsage(), PROG, "unrecognized arguments: " + String.join(" ", unrecognized));
        }
        return new Parsed(cmd, vals, help);
    }

    static boolean isOption(String a) {
        if (!a.startsWith("-") || a.length() < 2) return false;
        if (a.equals("-1")) return true; // list-* commands define -1/--one-column, so argparse treats it as an option
        // argparse treats negative numbers as values when the parser has no option that looks like one
        return !a.matches("-\\d+(\\.\\d*)?|-\\.\\d+");
    }

    static Opt find(List<Opt> opts, String name, String sub, String cmd) {
        for (Opt o : opts) if (o.flags().contains(name)) return o;
        if (name.startsWith("--")) {
            List<String> matches = new ArrayList<>();
            Opt match = null;
            for (Opt o : opts) {
                for (String f : o.flags()) {
                    if (f.startsWith("--") && f.startsWith(name)) {
                        matches.add(f);
                        match = o;
                    }
                }
            }
            if ("--help".startsWith(name) && name.length() > 2) {
                matches.add("--help");
            }
            if (matches.size() == 1 && match != null) return match;
            if (matches.size() > 1) {
                throw new UsageError(usage(cmd), sub, "ambiguous option: " + name + " could match " + String.join(", ", matches));
            }
        }
        return null;
    }

    static Object convert(Opt opt, String v, String cmd, String sub) {
        if (opt.choices() != null && !opt.choices().contains(v)) {
            StringBuilder c = new StringBuilder();
            for (String ch : opt.choices()) {
                if (c.length() > 0) c.append(", ");
                c.append('\'').append(ch).append('\'');
            }
            throw new UsageError(usage(cmd), sub, "argument " + opt.display() + ": invalid choice: '" + v + "' (choose from " + c + ")");
        }
        if ("int".equals(opt.type())) {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new UsageError(usage(cmd), sub, "argument " + opt.display() + ": invalid int value: '" + v + "'");
            }
        }
        if ("posint".equals(opt.type())) {
            try {
                int n = Integer.parseInt(v.trim());
                if (n > 0) return n;
            } catch (NumberFormatException ignored) {
                // falls through to argparse's message below
            }
            throw new UsageError(usage(cmd), sub, "argument " + opt.display() + ": " + v + " is invalid for this parameter, should be a positive integer value");
        }
        if ("float".equals(opt.type())) {
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new UsageError(usage(cmd), sub, "argument " + opt.display() + ": invalid float value: '" + v + "'");
            }
        }
        return v;
    }

    public static String help(String command) {
        StringBuilder sb = new StringBuilder();
        if (command == null) {
            sb.append(topUsage()).append("\n\nFree, open source crypto trading bot\n\npositional arguments:\n  {")
                    .append(String.join(",", ALL_COMMANDS)).append("}\n\noptions:\n  -h, --help            show this help message and exit\n")
                    .append("  -V, --version         show program's version number and exit\n");
            return sb.toString();
        }
        sb.append(usage(command)).append("\n\noptions:\n  -h, --help            show this help message and exit\n");
        for (Opt o : COMMANDS.get(command)) {
            StringBuilder f = new StringBuilder();
            for (String fl : o.flags()) {
                if (f.length() > 0) f.append(", ");
                f.append(fl);
                if (o.kind() == Kind.VALUE || o.kind() == Kind.APPEND) f.append(' ').append(metavar(o));
                if (o.kind() == Kind.MULTI) f.append(' ').append(metavar(o)).append(" [").append(metavar(o)).append(" ...]");
            }
            sb.append("  ").append(f).append('\n');
        }
        return sb.toString();
    }
}
