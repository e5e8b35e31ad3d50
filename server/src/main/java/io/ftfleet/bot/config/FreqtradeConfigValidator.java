package io.ftfleet.bot.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Checks a Freqtrade config the way {@code freqtrade trade} would refuse it at start
 * (contract 5.1–5.3, 1.2): schema types/enums/ranges, the trade-mode required keys that have
 * neither a schema default nor a strategy fallback, and the consistency checks Freqtrade runs
 * after loading the strategy. {@link ValidationMode#START} adds FT Fleet's start-time rules.
 *
 * <p>Reports every problem, in document order; never throws (any JSON, including {@code null},
 * non-objects and wrongly typed values, yields violations).
 *
 * <p>Not required, because Freqtrade fills them from schema defaults ({@code tradable_balance_ratio},
 * {@code last_stake_amount_min_ratio}, {@code dry_run_wallet}, {@code dataformat_*}, {@code internals})
 * or from the strategy ({@code timeframe}, {@code max_open_trades}, {@code stoploss}, {@code minimal_roi})
 * or from the CLI ({@code strategy}); they are type-checked when present.
 */
public final class FreqtradeConfigValidator {

    /** Top-level keys of Freqtrade's {@code SCHEMA_TRADE_REQUIRED} (contract 5.1). */
    public static final List<String> SCHEMA_TRADE_REQUIRED = List.of(
            "exchange", "timeframe", "max_open_trades", "stake_currency", "stake_amount",
            "tradable_balance_ratio", "last_stake_amount_min_ratio", "dry_run", "dry_run_wallet",
            "exit_pricing", "entry_pricing", "stoploss", "minimal_roi", "internals",
            "dataformat_ohlcv", "dataformat_trades");

    /** Of those, filled by schema defaults before {@code required} is checked. */
    public static final Set<String> SCHEMA_DEFAULTED = Set.of(
            "tradable_balance_ratio", "last_stake_amount_min_ratio", "dry_run_wallet", "internals",
            "dataformat_ohlcv", "dataformat_trades");

    /** Of those, copied from the strategy when the config lacks them. */
    public static final Set<String> STRATEGY_PROVIDED = Set.of(
            "timeframe", "max_open_trades", "stoploss", "minimal_roi");

    /** {@code constants.py::AVAILABLE_PAIRLISTS}. */
    public static final List<String> AVAILABLE_PAIRLISTS = List.of(
            "StaticPairList", "VolumePairList", "PercentChangePairList", "ProducerPairList", "RemotePairList",
            "MarketCapPairList", "AgeFilter", "FullTradesFilter", "OffsetFilter", "PerformanceFilter",
            "PrecisionFilter", "PriceFilter", "RangeStabilityFilter", "ShuffleFilter", "SpreadFilter",
            "VolatilityFilter");

    /** Pairlist handlers that may stand first (the others are filters of a previous list). */
    public static final Set<String> PAIRLIST_GENERATORS = Set.of(
            "StaticPairList", "VolumePairList", "PercentChangePairList", "ProducerPairList", "RemotePairList",
            "MarketCapPairList");

    static final List<String> TRADING_MODES = List.of("spot", "margin", "futures");
    static final List<String> MARGIN_MODES = List.of("cross", "isolated", "");
    static final List<String> PRICE_SIDES = List.of("ask", "bid", "same", "other");
    static final List<String> INITIAL_STATES = List.of("running", "stopped");
    static final List<String> DATA_FORMATS = List.of("json", "jsongz", "hdf5", "feather", "parquet");
    static final List<String> TIMEOUT_UNITS = List.of("minutes", "seconds");
    static final List<String> ORDER_TYPES = List.of("limit", "market");
    static final List<String> TIME_IN_FORCE = List.of("GTC", "FOK", "IOC", "PO", "gtc", "fok", "ioc", "po");
    static final List<String> VERBOSITY = List.of("error", "info");
    /** jwt_secret_key values Freqtrade itself warns about (contract 1.1). */
    static final Set<String> DEFAULT_JWT_SECRETS = Set.of("super-secret", "somethingrandom");

    private static final Pattern TIMEFRAME = Pattern.compile("^([1-9][0-9]*)([smhdwMy])$");
    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");
    private static final BigDecimal MIN_STAKE = StakeAmount.MINIMUM;

    /** Validates a config as stored in the registry. */
    public List<ConfigViolation> validateStored(JsonNode config) {
        return validate(config, ValidationMode.STORED);
    }

    /** Validates the config about to be handed to {@code freqtrade trade}. */
    public List<ConfigViolation> validateForStart(JsonNode config) {
        return validate(config, ValidationMode.START);
    }

    public List<ConfigViolation> validate(JsonNode config, ValidationMode mode) {
        Ctx c = new Ctx(mode == null ? ValidationMode.START : mode);
        try {
            c.root(config);
        } catch (RuntimeException unexpected) {
            // defensive: a bug here must never turn into a 500 for the caller
            c.add("", "config could not be validated: " + unexpected.getClass().getSimpleName());
        }
        return List.copyOf(c.out);
    }

    // -----------------------------------------------------------------------------------------

    private static final class Ctx {
        final ValidationMode mode;
        final List<ConfigViolation> out = new ArrayList<>();

        Ctx(ValidationMode mode) {
            this.mode = mode;
        }

        boolean start() {
            return mode == ValidationMode.START;
        }

        void add(String key, String message) {
            out.add(new ConfigViolation(key, message));
        }

        void root(JsonNode cfg) {
            if (cfg == null || cfg.isMissingNode() || cfg.isNull()) {
                add("", "config is missing");
                return;
            }
            if (!cfg.isObject()) {
                add("", "config must be a JSON object, got " + typeName(cfg));
                return;
            }

            // ---- required keys (no schema default, no strategy fallback) ----
            for (String k : List.of("exchange", "stake_currency", "stake_amount", "dry_run", "entry_pricing",
                    "exit_pricing")) {
                if (!present(cfg, k)) {
                    add(k, "required: Freqtrade refuses a dry_run/live config without `" + k + "`");
                }
            }
            if (!present(cfg, "pairlists")) {
                add("pairlists", "required: without pairlists Freqtrade fails with \"No Pairlist Handlers defined\"");
            }

            // ---- top-level scalars ----
            JsonNode mot = cfg.get("max_open_trades");
            if (present(mot)) {
                if (!isFiniteNumber(mot)) {
                    add("max_open_trades", "must be an integer >= -1 (-1 = unlimited), got " + typeName(mot));
                } else if (!isIntegral(mot) || mot.decimalValue().compareTo(BigDecimal.valueOf(-1)) < 0) {
                    add("max_open_trades", "must be an integer >= -1 (-1 = unlimited), got " + mot);
                }
            }
            optTimeframe(cfg, "timeframe", "timeframe");
            JsonNode sc = cfg.get("stake_currency");
            if (present(sc) && (!sc.isString() || sc.stringValue().isBlank())) {
                add("stake_currency", "must be a non-empty string, e.g. \"USDT\"");
            }
            JsonNode sa = cfg.get("stake_amount");
            if (present(sa)) {
                if (sa.isString()) {
                    if (!StakeAmount.UNLIMITED.equals(sa.stringValue())) {
                        add("stake_amount", "must be a number >= 0.0001 or \"unlimited\", got \"" + sa.stringValue() + "\"");
                    }
                } else if (!isFiniteNumber(sa) || sa.decimalValue().compareTo(MIN_STAKE) < 0) {
                    add("stake_amount", "must be a number >= 0.0001 or \"unlimited\", got " + sa);
                }
            }
            if (isNumberEq(mot, -1) && sa != null && sa.isString() && StakeAmount.UNLIMITED.equals(sa.stringValue())) {
                add("stake_amount", "`max_open_trades` and `stake_amount` cannot both be unlimited");
            }
            optRange(cfg, "tradable_balance_ratio", "tradable_balance_ratio", 0, 1);
            optRange(cfg, "last_stake_amount_min_ratio", "last_stake_amount_min_ratio", 0, 1);
            JsonNode ac = cfg.get("available_capital");
            if (present(ac) && (!isFiniteNumber(ac) || ac.decimalValue().signum() < 0)) {
                add("available_capital", "must be a number >= 0");
            }
            optBool(cfg, "dry_run", "dry_run");
            JsonNode w = cfg.get("dry_run_wallet");
            if (present(w) && (!isFiniteNumber(w) || w.decimalValue().signum() <= 0)) {
                add("dry_run_wallet", "must be a number > 0 (simulated starting balance), got " + w);
            }
            optEnum(cfg, "trading_mode", "trading_mode", TRADING_MODES);
            optEnum(cfg, "margin_mode", "margin_mode", MARGIN_MODES);
            JsonNode tm = cfg.get("trading_mode");
            if (tm != null && tm.isString() && ("futures".equals(tm.stringValue()) || "margin".equals(tm.stringValue()))) {
                JsonNode mm = cfg.get("margin_mode");
                if (!present(mm) || (mm.isString() && mm.stringValue().isEmpty())) {
                    add("margin_mode", "trading_mode \"" + tm.stringValue()
                            + "\" requires margin_mode \"cross\" or \"isolated\"");
                }
            }
            optEnum(cfg, "initial_state", "initial_state", INITIAL_STATES);
            optBool(cfg, "force_entry_enable", "force_entry_enable");
            optBool(cfg, "cancel_open_orders_on_exit", "cancel_open_orders_on_exit");
            optString(cfg, "bot_name", "bot_name", false);
            optString(cfg, "strategy", "strategy", true);
            optString(cfg, "fiat_display_currency", "fiat_display_currency", false);
            optEnum(cfg, "dataformat_ohlcv", "dataformat_ohlcv", DATA_FORMATS);
            optEnum(cfg, "dataformat_trades", "dataformat_trades", DATA_FORMATS);
            JsonNode db = cfg.get("db_url");
            if (present(db) && (!db.isString() || db.stringValue().isBlank())) {
                add("db_url", "must be a non-empty SQLAlchemy URL string, e.g. \"sqlite:///bot.sqlite\"");
            } else if (!present(db) && start()) {
                add("db_url", "required at start: each bot needs its own database (the default sqlite file is "
                        + "relative to the working directory and would be shared)");
            }
            JsonNode sl = cfg.get("stoploss");
            if (present(sl) && (!isFiniteNumber(sl) || sl.decimalValue().signum() >= 0)) {
                add("stoploss", "must be a negative number (a ratio, e.g. -0.10); 0 is refused");
            }
            minimalRoi(cfg.get("minimal_roi"));

            unfilledTimeout(cfg.get("unfilledtimeout"));
            pricing(cfg.get("entry_pricing"), "entry_pricing", true);
            pricing(cfg.get("exit_pricing"), "exit_pricing", false);
            orderTypes(cfg);
            timeInForce(cfg.get("order_time_in_force"));
            exchange(cfg);
            pairlists(cfg);
            apiServer(cfg.get("api_server"));
            internals(cfg.get("internals"));
            freqai(cfg);
        }

        // ---- sections -----------------------------------------------------------------------

        void minimalRoi(JsonNode roi) {
            if (!present(roi)) {
                return;
            }
            if (!roi.isObject()) {
                add("minimal_roi", "must be an object of minutes -> ratio, e.g. {\"0\": 0.04}");
                return;
            }
            for (Map.Entry<String, JsonNode> e : roi.properties()) {
                if (e.getKey().matches("^[0-9.]+$") && !isFiniteNumber(e.getValue())) {
                    add("minimal_roi." + e.getKey(), "must be a number");
                }
            }
        }

        void unfilledTimeout(JsonNode u) {
            if (!present(u)) {
                return;
            }
            if (!u.isObject()) {
                add("unfilledtimeout", "must be an object {entry, exit, unit, exit_timeout_count}");
                return;
            }
            for (String k : List.of("entry", "exit")) {
                JsonNode v = u.get(k);
                if (present(v) && (!isFiniteNumber(v) || v.decimalValue().compareTo(BigDecimal.ONE) < 0)) {
                    add("unfilledtimeout." + k, "must be a number >= 1");
                }
            }
            JsonNode cnt = u.get("exit_timeout_count");
            if (present(cnt) && (!isFiniteNumber(cnt) || cnt.decimalValue().signum() < 0)) {
                add("unfilledtimeout.exit_timeout_count", "must be a number >= 0");
            }
            optEnum(u, "unit", "unfilledtimeout.unit", TIMEOUT_UNITS);
        }

        void pricing(JsonNode p, String path, boolean entry) {
            if (!present(p)) {
                return;
            }
            if (!p.isObject()) {
                add(path, "must be an object with price_side " + PRICE_SIDES);
                return;
            }
            optEnum(p, "price_side", path + ".price_side", PRICE_SIDES);
            optBool(p, "use_order_book", path + ".use_order_book");
            JsonNode top = p.get("order_book_top");
            if (present(top) && (!top.isIntegralNumber() || !inRange(top, 1, 50))) {
                add(path + ".order_book_top", "must be an integer between 1 and 50");
            }
            optRange(p, "price_last_balance", path + ".price_last_balance", 0, 1);
            if (entry) {
                JsonNode dom = p.get("check_depth_of_market");
                if (present(dom)) {
                    if (!dom.isObject()) {
                        add(path + ".check_depth_of_market", "must be an object {enabled, bids_to_ask_delta}");
                    } else {
                        optBool(dom, "enabled", path + ".check_depth_of_market.enabled");
                        JsonNode d = dom.get("bids_to_ask_delta");
                        if (present(d) && (!isFiniteNumber(d) || d.decimalValue().signum() < 0)) {
                            add(path + ".check_depth_of_market.bids_to_ask_delta", "must be a number >= 0");
                        }
                    }
                }
            }
        }

        void orderTypes(JsonNode cfg) {
            JsonNode ot = cfg.get("order_types");
            if (!present(ot)) {
                return;
            }
            if (!ot.isObject()) {
                add("order_types", "must be an object");
                return;
            }
            for (String k : List.of("entry", "exit", "stoploss", "stoploss_on_exchange")) {
                if (!present(ot, k)) {
                    add("order_types." + k, "required inside order_types");
                }
            }
            for (String k : List.of("entry", "exit", "force_entry", "force_exit", "emergency_exit", "stoploss")) {
                optEnum(ot, k, "order_types." + k, ORDER_TYPES);
            }
            optBool(ot, "stoploss_on_exchange", "order_types.stoploss_on_exchange");
            if (textEquals(ot.get("entry"), "market")) {
                JsonNode side = cfg.path("entry_pricing").path("price_side");
                String s = side.isString() ? side.stringValue() : "same";
                if (!s.equals("ask") && !s.equals("other")) {
                    add("entry_pricing.price_side", "market entry orders require entry_pricing.price_side \"ask\" or \"other\"");
                }
            }
            if (textEquals(ot.get("exit"), "market")) {
                JsonNode side = cfg.path("exit_pricing").path("price_side");
                String s = side.isString() ? side.stringValue() : "same";
                if (!s.equals("bid") && !s.equals("other")) {
                    add("exit_pricing.price_side", "market exit orders require exit_pricing.price_side \"bid\" or \"other\"");
                }
            }
        }

        void timeInForce(JsonNode tif) {
            if (!present(tif)) {
                return;
            }
            if (!tif.isObject()) {
                add("order_time_in_force", "must be an object {entry, exit}");
                return;
            }
            for (String k : List.of("entry", "exit")) {
                if (!present(tif, k)) {
                    add("order_time_in_force." + k, "required inside order_time_in_force");
                } else {
                    optEnum(tif, k, "order_time_in_force." + k, TIME_IN_FORCE);
                }
            }
        }

        void exchange(JsonNode cfg) {
            JsonNode ex = cfg.get("exchange");
            if (!present(ex)) {
                return; // reported as required
            }
            if (!ex.isObject()) {
                add("exchange", "must be an object with at least `name`");
                return;
            }
            JsonNode name = ex.get("name");
            if (!present(name)) {
                add("exchange.name", "required: the ccxt exchange id, e.g. \"binance\"");
            } else if (!name.isString() || name.stringValue().isBlank()) {
                add("exchange.name", "must be a non-empty string (ccxt exchange id)");
            }
            for (String k : List.of("key", "secret", "password", "uid")) {
                optString(ex, k, "exchange." + k, false);
            }
            pairArray(ex, "pair_whitelist", "exchange.pair_whitelist");
            pairArray(ex, "pair_blacklist", "exchange.pair_blacklist");
            optObject(ex, "ccxt_config", "exchange.ccxt_config");
            optObject(ex, "ccxt_async_config", "exchange.ccxt_async_config");
            optBool(ex, "enable_ws", "exchange.enable_ws");
            JsonNode mri = ex.get("markets_refresh_interval");
            if (present(mri) && !mri.isIntegralNumber()) {
                add("exchange.markets_refresh_interval", "must be an integer (minutes)");
            }
            JsonNode dry = cfg.get("dry_run");
            if (start() && dry != null && dry.isBoolean() && !dry.booleanValue()) {
                for (String k : List.of("key", "secret")) {
                    JsonNode v = ex.get(k);
                    if (v == null || !v.isString() || v.stringValue().isEmpty()) {
                        add("exchange." + k, "required at start for live trading (dry_run false)");
                    }
                }
            }
        }

        void pairArray(JsonNode parent, String k, String path) {
            JsonNode a = parent.get(k);
            if (!present(a)) {
                return;
            }
            if (!a.isArray()) {
                add(path, "must be a list of pair strings");
                return;
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < a.size(); i++) {
                JsonNode p = a.get(i);
                if (!p.isString() || p.stringValue().isBlank()) {
                    add(path + "[" + i + "]", "must be a non-empty pair string like \"BTC/USDT\"");
                } else if (!seen.add(p.stringValue())) {
                    add(path + "[" + i + "]", "duplicate pair \"" + p.stringValue() + "\" (items must be unique)");
                }
            }
        }

        void pairlists(JsonNode cfg) {
            JsonNode pls = cfg.get("pairlists");
            if (!present(pls)) {
                return; // reported as required
            }
            if (!pls.isArray()) {
                add("pairlists", "must be a list of {\"method\": <handler>} objects");
                return;
            }
            if (pls.isEmpty()) {
                add("pairlists", "must not be empty: Freqtrade fails with \"No Pairlist Handlers defined\"");
                return;
            }
            boolean staticList = false;
            for (int i = 0; i < pls.size(); i++) {
                JsonNode pl = pls.get(i);
                String path = "pairlists[" + i + "]";
                if (!pl.isObject()) {
                    add(path, "must be an object {\"method\": <handler>, ...}");
                    continue;
                }
                JsonNode m = pl.get("method");
                if (!present(m)) {
                    add(path + ".method", "required");
                    continue;
                }
                if (!m.isString() || !AVAILABLE_PAIRLISTS.contains(m.stringValue())) {
                    add(path + ".method", "must be one of " + AVAILABLE_PAIRLISTS + ", got " + m);
                    continue;
                }
                if (i == 0 && !PAIRLIST_GENERATORS.contains(m.stringValue())) {
                    add(path + ".method", m.stringValue() + " is a filter and cannot be the first pairlist handler; "
                            + "start with one of " + PAIRLIST_GENERATORS.stream().sorted().toList());
                }
                staticList |= "StaticPairList".equals(m.stringValue());
            }
            if (staticList) {
                JsonNode wl = cfg.path("exchange").path("pair_whitelist");
                if (!wl.isArray() || wl.isEmpty()) {
                    add("exchange.pair_whitelist", "StaticPairList requires a non-empty pair_whitelist");
                }
            }
        }

        void apiServer(JsonNode api) {
            if (!present(api)) {
                if (start()) {
                    add("api_server", "required at start: FT Fleet manages bots through the Freqtrade REST API");
                }
                return;
            }
            if (!api.isObject()) {
                add("api_server", "must be an object");
                return;
            }
            String p = "api_server.";
            JsonNode enabled = api.get("enabled");
            if (present(enabled) && !enabled.isBoolean()) {
                add(p + "enabled", "must be a boolean");
            } else if (start() && (!present(enabled) || !enabled.booleanValue())) {
                add(p + "enabled", "must be true at start: FT Fleet manages bots through the REST API");
            }
            JsonNode ip = api.get("listen_ip_address");
            if (present(ip) && (!ip.isString() || !IPV4.matcher(ip.stringValue()).matches())) {
                add(p + "listen_ip_address", "must be an IPv4 address, e.g. \"127.0.0.1\"");
            } else if (start() && !present(ip)) {
                add(p + "listen_ip_address", "required inside api_server");
            }
            JsonNode port = api.get("listen_port");
            if (present(port) && (!port.isIntegralNumber() || !inRange(port, 1024, 65535))) {
                add(p + "listen_port", "must be an integer between 1024 and 65535");
            } else if (start() && !present(port)) {
                add(p + "listen_port", "required inside api_server (assigned by the server at start)");
            }
            for (String k : List.of("username", "password")) {
                JsonNode v = api.get(k);
                if (present(v) && !v.isString()) {
                    add(p + k, "must be a string");
                } else if (start() && (!present(v) || v.stringValue().isEmpty())) {
                    add(p + k, "required inside api_server (set by the server at start)");
                }
            }
            JsonNode jwt = api.get("jwt_secret_key");
            if (present(jwt) && !jwt.isString()) {
                add(p + "jwt_secret_key", "must be a string");
            } else if (start() && (!present(jwt) || jwt.stringValue().isEmpty()
                    || DEFAULT_JWT_SECRETS.contains(jwt.stringValue()))) {
                add(p + "jwt_secret_key", "required at start and must not be Freqtrade's default/example value "
                        + "(tokens would be forgeable)");
            }
            JsonNode ws = api.get("ws_token");
            if (present(ws)) {
                boolean ok = ws.isString();
                if (ws.isArray()) {
                    ok = true;
                    for (JsonNode t : ws) {
                        ok &= t.isString();
                    }
                }
                if (!ok) {
                    add(p + "ws_token", "must be a string or a list of strings");
                }
            }
            JsonNode cors = api.get("CORS_origins");
            if (present(cors)) {
                if (!cors.isArray()) {
                    add(p + "CORS_origins", "must be a list of strings");
                } else {
                    for (int i = 0; i < cors.size(); i++) {
                        if (!cors.get(i).isString()) {
                            add(p + "CORS_origins[" + i + "]", "must be a string");
                        }
                    }
                }
            }
            optEnum(api, "verbosity", p + "verbosity", VERBOSITY);
            optBool(api, "enable_openapi", p + "enable_openapi");
        }

        void internals(JsonNode in) {
            if (!present(in)) {
                return;
            }
            if (!in.isObject()) {
                add("internals", "must be an object");
                return;
            }
            for (String k : List.of("process_throttle_secs", "interval")) {
                JsonNode v = in.get(k);
                if (present(v) && !v.isIntegralNumber()) {
                    add("internals." + k, "must be an integer");
                }
            }
            JsonNode hb = in.get("heartbeat_interval");
            if (present(hb) && !isFiniteNumber(hb)) {
                add("internals.heartbeat_interval", "must be a number");
            }
            optBool(in, "sd_notify", "internals.sd_notify");
        }

        void freqai(JsonNode cfg) {
            JsonNode fa = cfg.get("freqai");
            if (!present(fa)) {
                return;
            }
            if (!fa.isObject()) {
                add("freqai", "must be an object");
                return;
            }
            String p = "freqai.";
            JsonNode enabledNode = fa.get("enabled");
            if (present(enabledNode) && !enabledNode.isBoolean()) {
                add(p + "enabled", "must be a boolean");
            }
            boolean enabled = enabledNode != null && enabledNode.isBoolean() && enabledNode.booleanValue();
            // Keys of definitions.freqai.required that have no schema default: checked whenever the
            // section is present (Freqtrade validates the section even when enabled is false).
            String whyPresent = enabled ? "required when freqai.enabled is true"
                    : "required by Freqtrade's schema whenever the freqai section is present (even disabled); "
                    + "remove the section instead";
            if (enabled) {
                for (String k : List.of("identifier", "train_period_days", "backtest_period_days")) {
                    if (!present(fa, k)) {
                        add(p + k, "required when freqai.enabled is true");
                    }
                }
            }
            JsonNode id = fa.get("identifier");
            if (present(id) && (!id.isString() || id.stringValue().isBlank())) {
                add(p + "identifier", "must be a non-empty string (model folder under user_data/models/)");
            }
            JsonNode tpd = fa.get("train_period_days");
            if (present(tpd) && (!tpd.isIntegralNumber() || tpd.decimalValue().signum() < 0)) {
                add(p + "train_period_days", "must be an integer >= 0 (days)");
            } else if (enabled && present(tpd) && tpd.decimalValue().signum() == 0) {
                add(p + "train_period_days", "must be > 0 when freqai.enabled is true (0 days of training data)");
            }
            JsonNode bpd = fa.get("backtest_period_days");
            if (present(bpd) && (!isFiniteNumber(bpd) || bpd.decimalValue().signum() < 0)) {
                add(p + "backtest_period_days", "must be a number >= 0 (days, fractional allowed)");
            }
            for (String k : List.of("live_retrain_hours", "expiration_hours")) {
                JsonNode v = fa.get(k);
                if (present(v) && (!isFiniteNumber(v) || v.decimalValue().signum() < 0)) {
                    add(p + k, "must be a number >= 0 (hours)");
                }
            }
            JsonNode pom = fa.get("purge_old_models");
            if (present(pom) && !pom.isBoolean() && !isFiniteNumber(pom)) {
                add(p + "purge_old_models", "must be a number or a boolean");
            }
            for (String k : List.of("continual_learning", "keras", "write_metrics_to_disk", "save_backtest_models",
                    "activate_tensorboard")) {
                optBool(fa, k, p + k);
            }

            JsonNode fp = fa.get("feature_parameters");
            if (!present(fp)) {
                add(p + "feature_parameters", whyPresent);
            } else if (!fp.isObject()) {
                add(p + "feature_parameters", "must be an object");
            } else {
                featureParameters(cfg, fp, enabled, whyPresent);
            }

            JsonNode dsp = fa.get("data_split_parameters");
            if (!present(dsp)) {
                add(p + "data_split_parameters", whyPresent);
            } else if (!dsp.isObject()) {
                add(p + "data_split_parameters", "must be an object (kwargs of sklearn train_test_split)");
            } else {
                JsonNode ts = dsp.get("test_size");
                if (present(ts) && (!isFiniteNumber(ts) || ts.decimalValue().signum() < 0
                        || ts.decimalValue().compareTo(BigDecimal.ONE) >= 0)) {
                    add(p + "data_split_parameters.test_size", "must be a number >= 0 and < 1");
                }
                JsonNode rs = dsp.get("random_state");
                if (present(rs) && !rs.isIntegralNumber()) {
                    add(p + "data_split_parameters.random_state", "must be an integer");
                }
                optBool(dsp, "shuffle", p + "data_split_parameters.shuffle");
            }

            JsonNode mtp = fa.get("model_training_parameters");
            if (present(mtp) && !mtp.isObject()) {
                add(p + "model_training_parameters", "must be an object (kwargs of the model constructor)");
            } else if (enabled && !present(mtp)) {
                add(p + "model_training_parameters", "required when freqai.enabled is true (read as a dict by the models)");
            }
            optObject(fa, "rl_config", p + "rl_config");

            if (enabled && start()) {
                JsonNode model = cfg.get("freqaimodel");
                if (!present(model) || !model.isString() || model.stringValue().isBlank()) {
                    add("freqaimodel", "required at start when freqai.enabled is true: Freqtrade has no default "
                            + "FreqAI model class (or pass --freqaimodel)");
                }
            } else {
                optString(cfg, "freqaimodel", "freqaimodel", true);
            }
        }

        void featureParameters(JsonNode cfg, JsonNode fp, boolean enabled, String whyPresent) {
            String p = "freqai.feature_parameters.";
            JsonNode itf = fp.get("include_timeframes");
            if (!present(itf)) {
                add(p + "include_timeframes", whyPresent);
            } else if (!itf.isArray()) {
                add(p + "include_timeframes", "must be a list of timeframes, e.g. [\"5m\", \"1h\"]");
            } else {
                long mainSeconds = -1;
                JsonNode mainTf = cfg.get("timeframe");
                String main = mainTf != null && mainTf.isString() ? mainTf.stringValue() : "5m";
                mainSeconds = timeframeSeconds(main);
                if (enabled && itf.isEmpty()) {
                    add(p + "include_timeframes", "must not be empty");
                }
                for (int i = 0; i < itf.size(); i++) {
                    JsonNode tf = itf.get(i);
                    long s = tf.isString() ? timeframeSeconds(tf.stringValue()) : -1;
                    if (s < 0) {
                        add(p + "include_timeframes[" + i + "]", "must be a timeframe string like \"5m\" or \"1h\"");
                    } else if (enabled && mainSeconds > 0 && s < mainSeconds) {
                        add(p + "include_timeframes[" + i + "]", "\"" + tf.stringValue()
                                + "\" is smaller than the main timeframe " + main
                                + " (include_timeframes must be >= timeframe)");
                    }
                }
            }
            JsonNode corr = fp.get("include_corr_pairlist");
            if (!present(corr)) {
                add(p + "include_corr_pairlist", whyPresent);
            } else if (!corr.isArray()) {
                add(p + "include_corr_pairlist", "must be a list of pairs");
            } else {
                for (int i = 0; i < corr.size(); i++) {
                    if (!corr.get(i).isString() || corr.get(i).stringValue().isBlank()) {
                        add(p + "include_corr_pairlist[" + i + "]", "must be a pair string like \"BTC/USDT\"");
                    }
                }
            }
            JsonNode ipc = fp.get("indicator_periods_candles");
            if (present(ipc)) {
                if (!ipc.isArray() || ipc.isEmpty()) {
                    add(p + "indicator_periods_candles", "must be a non-empty list of positive integers");
                } else {
                    for (int i = 0; i < ipc.size(); i++) {
                        JsonNode v = ipc.get(i);
                        if (!v.isIntegralNumber() || v.decimalValue().signum() <= 0) {
                            add(p + "indicator_periods_candles[" + i + "]", "must be a positive integer");
                        }
                    }
                }
            } else if (enabled) {
                add(p + "indicator_periods_candles", "required when freqai.enabled is true "
                        + "(indexed directly by FreqAI's feature expansion)");
            }
            JsonNode lpc = fp.get("label_period_candles");
            if (present(lpc) && (!lpc.isIntegralNumber() || lpc.decimalValue().signum() <= 0)) {
                add(p + "label_period_candles", "must be a positive integer");
            }
            for (String k : List.of("include_shifted_candles", "buffer_train_data_candles", "plot_feature_importances")) {
                JsonNode v = fp.get(k);
                if (present(v) && (!v.isIntegralNumber() || v.decimalValue().signum() < 0)) {
                    add(p + k, "must be an integer >= 0");
                }
            }
            for (String k : List.of("DI_threshold", "weight_factor", "noise_standard_deviation",
                    "outlier_protection_percentage")) {
                JsonNode v = fp.get(k);
                if (present(v) && (!isFiniteNumber(v) || v.decimalValue().signum() < 0)) {
                    add(p + k, "must be a number >= 0");
                }
            }
            for (String k : List.of("principal_component_analysis", "use_SVM_to_remove_outliers",
                    "use_DBSCAN_to_remove_outliers", "reverse_train_test_order", "shuffle_after_split")) {
                optBool(fp, k, p + k);
            }
            optObject(fp, "svm_params", p + "svm_params");
        }

        // ---- generic checks -----------------------------------------------------------------

        void optBool(JsonNode parent, String k, String path) {
            JsonNode v = parent.get(k);
            if (present(v) && !v.isBoolean()) {
                add(path, "must be a boolean (true/false), got " + typeName(v));
            }
        }

        void optString(JsonNode parent, String k, String path, boolean nonEmpty) {
            JsonNode v = parent.get(k);
            if (!present(v)) {
                return;
            }
            if (!v.isString()) {
                add(path, "must be a string, got " + typeName(v));
            } else if (nonEmpty && v.stringValue().isBlank()) {
                add(path, "must not be empty");
            }
        }

        void optObject(JsonNode parent, String k, String path) {
            JsonNode v = parent.get(k);
            if (present(v) && !v.isObject()) {
                add(path, "must be an object, got " + typeName(v));
            }
        }

        void optEnum(JsonNode parent, String k, String path, List<String> allowed) {
            JsonNode v = parent.get(k);
            if (present(v) && (!v.isString() || !allowed.contains(v.stringValue()))) {
                add(path, "must be one of " + quoted(allowed) + ", got " + v);
            }
        }

        void optRange(JsonNode parent, String k, String path, double min, double max) {
            JsonNode v = parent.get(k);
            if (present(v) && (!isFiniteNumber(v) || !inRange(v, min, max))) {
                add(path, "must be a number between " + fmt(min) + " and " + fmt(max) + ", got " + v);
            }
        }

        void optTimeframe(JsonNode parent, String k, String path) {
            JsonNode v = parent.get(k);
            if (present(v) && (!v.isString() || timeframeSeconds(v.stringValue()) < 0)) {
                add(path, "must be a timeframe string like \"1m\", \"5m\", \"1h\", \"1d\", got " + v);
            }
        }
    }

    // ---- static helpers ------------------------------------------------------------------------

    /** Seconds of a ccxt timeframe ({@code 5m} = 300), or -1 when it is not one. */
    public static long timeframeSeconds(String tf) {
        if (tf == null) {
            return -1;
        }
        Matcher m = TIMEFRAME.matcher(tf);
        if (!m.matches() || m.group(1).length() > 6) {
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3_600;
            case "d" -> 86_400;
            case "w" -> 604_800;
            case "M" -> 2_592_000;
            default -> 31_536_000; // y
        };
        return n * unit;
    }

    /** Present = key exists and is not JSON null (Freqtrade treats an explicit null as a wrong type). */
    private static boolean present(JsonNode parent, String key) {
        return parent.has(key);
    }

    private static boolean present(JsonNode v) {
        return v != null && !v.isMissingNode();
    }

    private static boolean isFiniteNumber(JsonNode v) {
        if (v == null || !v.isNumber()) {
            return false;
        }
        if (v.isDouble() || v.isFloat()) {
            return Double.isFinite(v.doubleValue());
        }
        return true;
    }

    private static boolean isIntegral(JsonNode v) {
        if (v.isIntegralNumber()) {
            return true;
        }
        BigDecimal d = v.decimalValue();
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    private static boolean isNumberEq(JsonNode v, long n) {
        return v != null && isFiniteNumber(v) && v.decimalValue().compareTo(BigDecimal.valueOf(n)) == 0;
    }

    private static boolean inRange(JsonNode v, double min, double max) {
        BigDecimal d = v.decimalValue();
        return d.compareTo(BigDecimal.valueOf(min)) >= 0 && d.compareTo(BigDecimal.valueOf(max)) <= 0;
    }

    private static boolean textEquals(JsonNode v, String s) {
        return v != null && v.isString() && s.equals(v.stringValue());
    }

    private static String typeName(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isString()) {
            return "a string";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isNumber()) {
            return "a number";
        }
        return v.getNodeType().toString().toLowerCase();
    }

    private static String quoted(List<String> values) {
        return values.stream().map(s -> "\"" + s + "\"").toList().toString();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
