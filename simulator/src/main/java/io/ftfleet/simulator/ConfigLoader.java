package io.ftfleet.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Configuration loading as in freqtrade/configuration (contract 5): -c files merged in order (later
 * wins, dicts merged recursively), "-" = stdin, add_config_files, FREQTRADE__SECTION__KEY env
 * overrides, CLI overrides, user dir / datadir handling, schema defaults, required keys per run mode
 * and the consistency checks, with the same messages and exception kinds (→ exit codes).
 */
public final class ConfigLoader {
    public static final String LOG = "freqtrade.configuration.configuration";
    public static final String LOAD_LOG = "freqtrade.configuration.load_config";

    public enum RunMode { DRY_RUN, LIVE, BACKTEST, HYPEROPT, UTIL_EXCHANGE, UTIL_NO_EXCHANGE, OTHER;
        public String value() {
            return switch (this) {
                case DRY_RUN -> "dry_run";
                case LIVE -> "live";
                case BACKTEST -> "backtest";
                case HYPEROPT -> "hyperopt";
                case UTIL_EXCHANGE -> "util_exchange";
                case UTIL_NO_EXCHANGE -> "util_no_exchange";
                case OTHER -> "other";
            };
        }
    }

    private ConfigLoader() {}

    /** Which config files to use (arguments.py::_parse_args discovery rules). */
    public static List<String> configFiles(Cli.Parsed args, boolean configRequired) {
        List<String> files = args.list("config");
        if (files != null && !files.isEmpty()) return files;
        String userDir = args.str("user_data_dir") != null ? args.str("user_data_dir") : "user_data";
        Path inUserDir = Path.of(userDir).resolve("config.json");
        if (Files.isRegularFile(inUserDir)) return List.of(inUserDir.toString());
        if (Files.isRegularFile(Path.of("config.json")) || configRequired) return List.of("config.json");
        return List.of();
    }

    /** Loads and merges the files (+ env overrides). */
    public static Map<String, Object> loadFiles(List<String> files, SimLog log) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (String f : files) {
            log.info(LOAD_LOG, "Using config: " + f + " ...");
            Map<String, Object> c = loadWithIncludes(f, log);
            Json.deepMerge(c, config);
        }
        applyEnv(config, System.getenv(), log);
        return config;
    }

    static Map<String, Object> loadWithIncludes(String file, SimLog log) {
        Map<String, Object> c = loadFile(file);
        List<Object> includes = Json.listOf(c.get("add_config_files"));
        if (!includes.isEmpty()) {
            Path base = file.equals("-") ? Path.of(".") : Path.of(file).toAbsolutePath().getParent();
            Map<String, Object> merged = new LinkedHashMap<>();
            for (Object inc : includes) {
                Path p = base.resolve(inc.toString());
                log.info(LOAD_LOG, "Using config: " + p + " ...");
                Json.deepMerge(loadWithIncludes(p.toString(), log), merged);
            }
            c.remove("add_config_files");
            Json.deepMerge(c, merged);
            c = merged;
        }
        return c;
    }

    static Map<String, Object> loadFile(String file) {
        String text;
        try {
            if (file.equals("-")) {
                text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            } else {
                Path p = Path.of(file);
                if (!Files.isRegularFile(p)) {
                    throw FtException.operational("Config file \"" + file + "\" not found! Please create a config file or check whether it exists.");
                }
                text = Files.readString(p, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw FtException.operational("Config file \"" + file + "\" not found! Please create a config file or check whether it exists.");
        }
        try {
            return Json.readMap(text);
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null ? 0 : e.getLocation().getCharOffset();
            int from = (int) Math.max(0, offset - 50);
            int to = (int) Math.min(text.length(), offset + 50);
            String segment = text.substring(Math.min(from, text.length()), Math.max(Math.min(from, text.length()), to));
            throw FtException.configuration(e.getOriginalMessage() + " at offset " + offset
                    + "\nPlease verify the following segment of your configuration:\n" + segment);
        } catch (IOException e) {
            throw FtException.configuration(e.getMessage());
        }
    }

    /** FREQTRADE__SECTION__KEY=value overrides (environment_vars.py): values typed int/float/bool except CHAT_ID/PASSWORD. */
    @SuppressWarnings("unchecked")
    static void applyEnv(Map<String, Object> config, Map<String, String> env, SimLog log) {
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!e.getKey().startsWith("FREQTRADE__")) continue;
            String[] parts = e.getKey().substring("FREQTRADE__".length()).toLowerCase(Locale.ROOT).split("__");
            Map<String, Object> cur = config;
            for (int i = 0; i < parts.length - 1; i++) {
                Object next = cur.get(parts[i]);
                if (!(next instanceof Map)) {
                    next = new LinkedHashMap<String, Object>();
                    cur.put(parts[i], next);
                }
                cur = (Map<String, Object>) next;
            }
            String key = parts[parts.length - 1];
            cur.put(key, typed(key, e.getValue()));
            log.info("freqtrade.configuration.environment_vars", "Loading variable '" + e.getKey() + "'");
        }
    }

    static Object typed(String key, String v) {
        if (key.equalsIgnoreCase("chat_id") || key.equalsIgnoreCase("password")) return v;
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        try { return Long.parseLong(v); } catch (NumberFormatException ignored) { }
        try { return Double.parseDouble(v); } catch (NumberFormatException ignored) { }
        if (v.startsWith("[") || v.startsWith("{")) {
            try { return Json.read(v); } catch (IOException ignored) { }
        }
        return v;
    }

    /** Common options processing (configuration.py::_process_common_options / datadir / runmode). */
    public static void processCommon(Map<String, Object> config, Cli.Parsed args, SimLog log, boolean trade) {
        if (args.get("verbosity") != null) config.put("verbosity", args.get("verbosity"));
        log.setVerbosity(((Number) config.getOrDefault("verbosity", 0)).intValue());
        log.info("freqtrade.loggers", "Verbosity set to " + log.verbosity());
        if (args.str("strategy") != null) config.put("strategy", args.str("strategy"));
        if (args.str("strategy_path") != null) config.put("strategy_path", args.str("strategy_path"));
        if (args.flag("recursive_strategy_search")) config.put("recursive_strategy_search", true);
        if (args.str("freqaimodel") != null) config.put("freqaimodel", args.str("freqaimodel"));
        if (args.flag("dry_run")) config.put("dry_run", true);
        if (args.get("dry_run_wallet") != null) config.put("dry_run_wallet", args.get("dry_run_wallet"));
        if (args.get("fee") != null) config.put("fee", args.get("fee"));
        if (trade) {
            boolean dry = Json.bool(config.get("dry_run"), false);
            if (args.str("db_url") != null) config.put("db_url", args.str("db_url"));
            else if (config.get("db_url") == null) config.put("db_url", dry ? "sqlite:///tradesv3.dryrun.sqlite" : "sqlite:///tradesv3.sqlite");
            log.info(LOG, "Runmode set to " + (dry ? "dry_run" : "live") + ".");
            if (dry) log.info(LOG, "Dry run is enabled");
            log.info(LOG, "Using DB: \"" + config.get("db_url") + "\"");
            config.put("runmode", dry ? "dry_run" : "live");
        }
        processUserDir(config, args, log);
    }

    public static void processUserDir(Map<String, Object> config, Cli.Parsed args, SimLog log) {
        String ud = args.str("user_data_dir");
        if (ud != null) config.put("user_data_dir", ud);
        else if (config.get("user_data_dir") == null) config.put("user_data_dir", Path.of("").toAbsolutePath().resolve("user_data").toString());
        Path userDir = createUserDataDir(config.get("user_data_dir").toString(), false);
        config.put("user_data_dir", userDir.toString());
        log.info(LOG, "Using user-data directory: " + userDir + " ...");
        String exchange = Json.str(Json.mapOrEmpty(config.get("exchange")).get("name"), "").toLowerCase(Locale.ROOT);
        if (args.str("datadir") != null) config.put("datadir", args.str("datadir"));
        else if (config.get("datadir") == null) config.put("datadir", userDir.resolve("data").resolve(exchange).toString());
        try {
            Files.createDirectories(Path.of(config.get("datadir").toString()));
        } catch (IOException ignored) { }
        log.info(LOG, "Using data directory: " + config.get("datadir") + " ...");
    }

    public static final List<String> USERDIR_SUBDIRS = List.of("backtest_results", "data", "hyperopts", "hyperopt_results",
            "logs", "notebooks", "plot", "strategies", "freqaimodels");

    /** directory_operations.py::create_userdata_dir. */
    public static Path createUserDataDir(String dir, boolean createDir) {
        Path folder = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            if (createDir) {
                try {
                    Files.createDirectories(folder);
                } catch (IOException e) {
                    throw FtException.operational("Could not create directory " + folder + ": " + e.getMessage());
                }
            } else {
                throw FtException.operational("Directory `" + folder + "` does not exist. Please use `freqtrade create-userdir` to create a user directory");
            }
        }
        for (String sub : USERDIR_SUBDIRS) {
            try {
                Files.createDirectories(folder.resolve(sub));
            } catch (IOException ignored) { }
        }
        return folder;
    }

    /** Copies strategy attributes into the config where the config does not set them (strategy_resolver.py). */
    public static void applyStrategy(Map<String, Object> config, Strategies.Info strat, SimLog log) {
        Map<String, Object> a = strat.attributes();
        for (String k : List.of("timeframe", "stoploss", "minimal_roi", "trailing_stop", "use_exit_signal", "startup_candle_count",
                "position_adjustment_enable", "use_custom_stoploss")) {
            if (config.containsKey(k)) {
                log.info("freqtrade.resolvers.strategy_resolver", "Override strategy '" + k + "' with value in config file: " + config.get(k) + ".");
            } else if (a.containsKey(k)) {
                config.put(k, a.get(k));
                log.info("freqtrade.resolvers.strategy_resolver", "Strategy using " + k + ": " + a.get(k));
            }
        }
        if (!config.containsKey("minimal_roi")) config.put("minimal_roi", Json.obj("0", 10.0));
    }

    /** Fills schema defaults the validator applies before checking required keys. */
    @SuppressWarnings("unchecked")
    public static void fillDefaults(Map<String, Object> c) {
        c.putIfAbsent("tradable_balance_ratio", 0.99);
        c.putIfAbsent("last_stake_amount_min_ratio", 0.5);
        c.putIfAbsent("dry_run_wallet", 1000);
        c.putIfAbsent("dataformat_ohlcv", "feather");
        c.putIfAbsent("dataformat_trades", "feather");
        c.putIfAbsent("internals", new LinkedHashMap<>());
        c.putIfAbsent("export", "trades");
        c.putIfAbsent("trading_mode", "spot");
        c.putIfAbsent("margin_mode", "");
        c.putIfAbsent("fiat_display_currency", "");
        if (c.get("entry_pricing") instanceof Map<?, ?> ep) ((Map<String, Object>) ep).putIfAbsent("price_side", "same");
        if (c.get("exit_pricing") instanceof Map<?, ?> xp) ((Map<String, Object>) xp).putIfAbsent("price_side", "same");
        if (c.get("unfilledtimeout") instanceof Map<?, ?> ut) ((Map<String, Object>) ut).putIfAbsent("unit", "minutes");
    }

    static List<String> requiredKeys(RunMode mode) {
        return switch (mode) {
            case DRY_RUN, LIVE -> List.of("exchange", "timeframe", "max_open_trades", "stake_currency", "stake_amount",
                    "tradable_balance_ratio", "last_stake_amount_min_ratio", "dry_run", "dry_run_wallet", "exit_pricing",
                    "entry_pricing", "stoploss", "minimal_roi", "internals", "dataformat_ohlcv", "dataformat_trades");
            case BACKTEST, HYPEROPT -> List.of("exchange", "stake_currency", "stake_amount", "dry_run_wallet", "dataformat_ohlcv", "dataformat_trades");
            default -> List.of("exchange", "dry_run", "dataformat_ohlcv", "dataformat_trades");
        };
    }

    /**
     * A subset of CONF_SCHEMA checked with jsonschema's messages. Failures are jsonschema ValidationErrors:
     * "Fatal exception!" + traceback, exit 1.
     */
    public static void validateSchema(Map<String, Object> c, RunMode mode) {
        fillDefaults(c);
        for (String k : requiredKeys(mode)) {
            if (!c.containsKey(k)) fail("'" + k + "' is a required property");
        }
        typeCheck(c, "dry_run", "boolean");
        typeCheck(c, "stake_currency", "string");
        typeCheck(c, "timeframe", "string");
        typeCheck(c, "bot_name", "string");
        typeCheck(c, "db_url", "string");
        typeCheck(c, "force_entry_enable", "boolean");
        typeCheck(c, "dry_run_wallet", "number");
        typeCheck(c, "stoploss", "number");
        typeCheck(c, "minimal_roi", "object");
        typeCheck(c, "exchange", "object");
        typeCheck(c, "pairlists", "array");
        typeCheck(c, "internals", "object");
        Object mot = c.get("max_open_trades");
        if (mot != null) {
            if (!(mot instanceof Number)) fail(repr(mot) + " is not of type 'integer', 'number'");
            if (((Number) mot).doubleValue() < -1) fail(repr(mot) + " is less than the minimum of -1");
        }
        Object sa = c.get("stake_amount");
        if (sa != null) {
            if (sa instanceof Number n) {
                if (n.doubleValue() < 0.0001) fail(repr(sa) + " is less than the minimum of 0.0001");
            } else if (!"unlimited".equals(sa)) {
                fail(repr(sa) + " is not valid under any of the given schemas");
            }
        }
        Object sl = c.get("stoploss");
        if (sl instanceof Number n && n.doubleValue() > 0) fail(repr(sl) + " is greater than the maximum of 0");
        Object tbr = c.get("tradable_balance_ratio");
        if (tbr instanceof Number n && (n.doubleValue() < 0 || n.doubleValue() > 1)) {
            fail(repr(tbr) + (n.doubleValue() < 0 ? " is less than the minimum of 0.0" : " is greater than the maximum of 1"));
        }
        // 2025.4 added "paused" to the schema's enum
        enumCheck(c.get("initial_state"), Flavor.current().paused() ? List.of("running", "paused", "stopped") : List.of("running", "stopped"));
        enumCheck(c.get("trading_mode"), List.of("spot", "margin", "futures"));
        enumCheck(c.get("dataformat_ohlcv"), Cli.DATA_FORMATS);
        enumCheck(c.get("dataformat_trades"), Cli.DATA_FORMATS);
        for (String pk : List.of("entry_pricing", "exit_pricing")) {
            Map<String, Object> p = Json.map(c.get(pk));
            if (p != null) enumCheck(p.get("price_side"), List.of("ask", "bid", "same", "other"));
        }
        Map<String, Object> ex = Json.map(c.get("exchange"));
        if (ex != null) {
            if (!ex.containsKey("name")) fail("'name' is a required property");
            typeCheck(ex, "name", "string");
            typeCheck(ex, "pair_whitelist", "array");
            typeCheck(ex, "pair_blacklist", "array");
        }
        Map<String, Object> api = Json.map(c.get("api_server"));
        if (api != null) {
            for (String k : List.of("enabled", "listen_ip_address", "listen_port", "username", "password")) {
                if (!api.containsKey(k)) fail("'" + k + "' is a required property");
            }
            typeCheck(api, "enabled", "boolean");
            typeCheck(api, "username", "string");
            typeCheck(api, "password", "string");
            typeCheck(api, "listen_ip_address", "string");
            Object port = api.get("listen_port");
            if (!(port instanceof Number) || port instanceof Double) fail(repr(port) + " is not of type 'integer'");
            int p = ((Number) port).intValue();
            if (p < 1024) fail(p + " is less than the minimum of 1024");
            if (p > 65535) fail(p + " is greater than the maximum of 65535");
            String ip = api.get("listen_ip_address").toString();
            if (!ip.matches("(\\d{1,3}\\.){3}\\d{1,3}")) fail(repr(ip) + " is not a 'ipv4'");
        }
        for (Object pl : Json.listOf(c.get("pairlists"))) {
            Map<String, Object> m = Json.map(pl);
            if (m == null || !m.containsKey("method")) fail("'method' is a required property");
        }
    }

    /** validate_config_consistency + pairlist checks (ConfigurationError / OperationalException). */
    public static void validateConsistency(Map<String, Object> c, RunMode mode) {
        Object mot = c.get("max_open_trades");
        if (mot instanceof Number n && n.doubleValue() == -1 && "unlimited".equals(c.get("stake_amount"))) {
            throw FtException.configuration("`max_open_trades` and `stake_amount` cannot both be unlimited.");
        }
        Object sl = c.get("stoploss");
        if (sl instanceof Number n && n.doubleValue() == 0.0 && !Json.bool(c.get("trailing_stop"), false)) {
            throw FtException.configuration("The config stoploss needs to be different from 0 to avoid problems with sell orders.");
        }
        if (mode == RunMode.DRY_RUN || mode == RunMode.LIVE) {
            Map<String, Object> ot = Json.mapOrEmpty(c.get("order_types"));
            if ("market".equals(ot.get("entry")) && !List.of("ask", "other").contains(Json.mapOrEmpty(c.get("entry_pricing")).get("price_side"))) {
                throw FtException.configuration("Market entry orders require entry_pricing.price_side = \"other\".");
            }
            if ("market".equals(ot.get("exit")) && !List.of("bid", "other").contains(Json.mapOrEmpty(c.get("exit_pricing")).get("price_side"))) {
                throw FtException.configuration("Market exit orders require exit_pricing.price_side = \"other\".");
            }
            if (!"spot".equals(c.get("trading_mode"))) {
                throw FtException.operational("Freqtrade-sim only simulates spot markets (trading_mode '" + c.get("trading_mode") + "').");
            }
        }
    }

    /** Pairlist handlers (pairlistmanager.py): trading effectively requires them. */
    public static void validatePairlists(Map<String, Object> c) {
        List<Object> pl = Json.listOf(c.get("pairlists"));
        if (pl.isEmpty()) throw FtException.operational("No Pairlist Handlers defined");
        boolean staticList = pl.stream().anyMatch(p -> "StaticPairList".equals(Json.mapOrEmpty(p).get("method")));
        if (staticList && Json.listOf(Json.mapOrEmpty(c.get("exchange")).get("pair_whitelist")).isEmpty()) {
            throw FtException.operational("StaticPairList requires pair_whitelist to be set.");
        }
    }

    static void typeCheck(Map<String, Object> c, String key, String type) {
        if (!c.containsKey(key)) return;
        Object v = c.get(key);
        boolean ok = switch (type) {
            case "boolean" -> v instanceof Boolean;
            case "string" -> v instanceof String;
            case "number" -> v instanceof Number;
            case "object" -> v instanceof Map;
            case "array" -> v instanceof List;
            default -> true;
        };
        if (!ok) fail(repr(v) + " is not of type '" + type + "'");
    }

    static void enumCheck(Object v, List<String> allowed) {
        if (v == null) return;
        if (!allowed.contains(v.toString()) || !(v instanceof String)) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < allowed.size(); i++) {
                if (i > 0) sb.append(", ");
                sb.append('\'').append(allowed.get(i)).append('\'');
            }
            fail(repr(v) + " is not one of " + sb + "]");
        }
    }

    static String repr(Object v) {
        if (v instanceof String s) return "'" + s + "'";
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v == null) return "None";
        return String.valueOf(v);
    }

    static void fail(String msg) {
        throw FtException.fatal(msg, "jsonschema.exceptions.ValidationError");
    }

    public static List<String> argsList(List<String> l) {
        return l == null ? new ArrayList<>() : l;
    }
}
