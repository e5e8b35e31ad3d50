package io.ftfleet.bot.config;

import static io.ftfleet.bot.config.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class FreqtradeConfigValidatorTest {

    private final FreqtradeConfigValidator validator = new FreqtradeConfigValidator();
    private final FreqtradeConfigGenerator generator = new FreqtradeConfigGenerator();

    /** The contract's "minimal working dry-run config" (5.2), with real values for the elided secrets. */
    private static final String CONTRACT_MINIMAL = """
            {
              "max_open_trades": 3,
              "stake_currency": "USDT",
              "stake_amount": "unlimited",
              "dry_run": true,
              "dry_run_wallet": 1000,
              "timeframe": "5m",
              "initial_state": "running",
              "exchange": {"name": "binance", "key": "", "secret": "",
                           "pair_whitelist": ["BTC/USDT", "ETH/USDT"], "pair_blacklist": []},
              "entry_pricing": {"price_side": "same"},
              "exit_pricing": {"price_side": "same"},
              "pairlists": [{"method": "StaticPairList"}],
              "db_url": "sqlite:///bot1.dryrun.sqlite",
              "api_server": {"enabled": true, "listen_ip_address": "127.0.0.1", "listen_port": 8081,
                             "username": "manager", "password": "pw", "jwt_secret_key": "k-123",
                             "ws_token": "t-123", "CORS_origins": []}
            }""";

    private static List<String> keys(List<ConfigViolation> violations) {
        return violations.stream().map(ConfigViolation::key).toList();
    }

    private ObjectNode valid() {
        return generator.forBot(typical().build(), runtime());
    }

    @Test
    void acceptsTheContractMinimalConfig() {
        assertThat(validator.validateForStart(json(CONTRACT_MINIMAL))).isEmpty();
        assertThat(validator.validateStored(json(CONTRACT_MINIMAL))).isEmpty();
    }

    @Test
    void refusesFuturesWithoutMarginMode() {
        ObjectNode cfg = valid().put("trading_mode", "futures");
        cfg.remove("margin_mode");
        assertThat(validator.validateForStart(cfg)).containsExactly(new ConfigViolation("margin_mode",
                "trading_mode \"futures\" requires margin_mode \"cross\" or \"isolated\""));

        cfg.put("margin_mode", "");
        assertThat(keys(validator.validateStored(cfg))).containsExactly("margin_mode");

        cfg.put("margin_mode", "cross");
        assertThat(validator.validateStored(cfg)).isEmpty();
    }

    @Test
    void refusesMarginTradingWithoutMarginMode() {
        ObjectNode cfg = valid().put("trading_mode", "margin");
        assertThat(keys(validator.validateStored(cfg))).containsExactly("margin_mode");
    }

    @Test
    void namesEveryBadKey() {
        ObjectNode cfg = valid();
        cfg.put("max_open_trades", -2)
                .put("stake_amount", "all")
                .put("tradable_balance_ratio", 1.5)
                .put("dry_run", "yes")
                .put("dry_run_wallet", 0)
                .put("trading_mode", "perpetual")
                .put("timeframe", "5 minutes")
                .put("initial_state", "paused");
        ((ObjectNode) cfg.get("entry_pricing")).put("price_side", "mid").put("order_book_top", 51);
        ((ObjectNode) cfg.get("exit_pricing")).put("use_order_book", 1);
        ((ObjectNode) cfg.get("exchange")).putArray("pair_whitelist").add("BTC/USDT").add("BTC/USDT").add(7);
        ((ObjectNode) cfg.get("api_server")).put("listen_port", 80).put("listen_ip_address", "localhost")
                .put("verbosity", "debug");
        ((ObjectNode) cfg.get("unfilledtimeout")).put("unit", "hours");
        cfg.putArray("pairlists").addObject().put("method", "AgeFilter");

        assertThat(keys(validator.validateForStart(cfg))).containsExactlyInAnyOrder(
                "max_open_trades",
                "timeframe",
                "stake_amount",
                "tradable_balance_ratio",
                "dry_run",
                "dry_run_wallet",
                "trading_mode",
                "initial_state",
                "unfilledtimeout.unit",
                "entry_pricing.price_side",
                "entry_pricing.order_book_top",
                "exit_pricing.use_order_book",
                "exchange.pair_whitelist[1]",
                "exchange.pair_whitelist[2]",
                "pairlists[0].method",
                "api_server.listen_ip_address",
                "api_server.listen_port",
                "api_server.verbosity");
    }

    @Test
    void reportsMissingRequiredKeysAllAtOnce() {
        assertThat(keys(validator.validateStored(json("{}")))).containsExactly(
                "exchange", "stake_currency", "stake_amount", "dry_run", "entry_pricing", "exit_pricing", "pairlists");
        assertThat(keys(validator.validateForStart(json("{}")))).containsExactly(
                "exchange", "stake_currency", "stake_amount", "dry_run", "entry_pricing", "exit_pricing", "pairlists",
                "db_url", "api_server");
    }

    @Test
    void keysFilledByDefaultsOrTheStrategyAreNotRequired() {
        ObjectNode cfg = valid();
        for (String k : List.of("timeframe", "max_open_trades", "tradable_balance_ratio", "last_stake_amount_min_ratio",
                "dry_run_wallet", "internals", "dataformat_ohlcv", "dataformat_trades", "strategy", "unfilledtimeout")) {
            cfg.remove(k);
        }
        assertThat(validator.validateForStart(cfg)).isEmpty();
    }

    @Test
    void requiresExchangeName() {
        ObjectNode cfg = valid();
        ((ObjectNode) cfg.get("exchange")).remove("name");
        assertThat(keys(validator.validateStored(cfg))).containsExactly("exchange.name");
        ((ObjectNode) cfg.get("exchange")).put("name", "");
        assertThat(keys(validator.validateStored(cfg))).containsExactly("exchange.name");
    }

    @Test
    void staticPairListRequiresNonEmptyWhitelist() {
        ObjectNode cfg = valid();
        ((ObjectNode) cfg.get("exchange")).putArray("pair_whitelist");
        assertThat(validator.validateStored(cfg)).containsExactly(new ConfigViolation("exchange.pair_whitelist",
                "StaticPairList requires a non-empty pair_whitelist"));

        ((ObjectNode) cfg.get("exchange")).remove("pair_whitelist");
        assertThat(keys(validator.validateStored(cfg))).containsExactly("exchange.pair_whitelist");

        cfg.putArray("pairlists").addObject().put("method", "VolumePairList");
        assertThat(validator.validateStored(cfg)).isEmpty();
    }

    @Test
    void refusesEmptyOrMissingPairlists() {
        ObjectNode cfg = valid();
        cfg.putArray("pairlists");
        assertThat(keys(validator.validateStored(cfg))).containsExactly("pairlists");
        cfg.remove("pairlists");
        assertThat(keys(validator.validateStored(cfg))).containsExactly("pairlists");
        cfg.putArray("pairlists").addObject().put("method", "NoSuchList");
        assertThat(keys(validator.validateStored(cfg))).containsExactly("pairlists[0].method");
    }

    @Test
    void refusesBothStakeAmountAndMaxOpenTradesUnlimited() {
        ObjectNode cfg = valid().put("stake_amount", "unlimited").put("max_open_trades", -1);
        assertThat(validator.validateStored(cfg)).containsExactly(new ConfigViolation("stake_amount",
                "`max_open_trades` and `stake_amount` cannot both be unlimited"));
        cfg.put("max_open_trades", 3);
        assertThat(validator.validateStored(cfg)).isEmpty();
    }

    @Test
    void checksStakeAmountValues() {
        assertThat(validator.validateStored(valid().put("stake_amount", 0.0001))).isEmpty();
        assertThat(validator.validateStored(valid().put("stake_amount", "unlimited"))).isEmpty();
        assertThat(keys(validator.validateStored(valid().put("stake_amount", 0.00009)))).containsExactly("stake_amount");
        assertThat(keys(validator.validateStored(valid().put("stake_amount", -5)))).containsExactly("stake_amount");
        assertThat(keys(validator.validateStored(valid().put("stake_amount", "100")))).containsExactly("stake_amount");
        assertThat(keys(validator.validateStored(valid().put("stake_amount", true)))).containsExactly("stake_amount");
    }

    @Test
    void checksMaxOpenTrades() {
        assertThat(validator.validateStored(valid().put("max_open_trades", -1))).isEmpty();
        assertThat(validator.validateStored(valid().put("max_open_trades", 0))).isEmpty();
        assertThat(validator.validateStored(valid().put("max_open_trades", 1.0))).isEmpty();
        assertThat(keys(validator.validateStored(valid().put("max_open_trades", 2.5)))).containsExactly("max_open_trades");
        assertThat(keys(validator.validateStored(valid().put("max_open_trades", -2)))).containsExactly("max_open_trades");
        assertThat(keys(validator.validateStored(valid().put("max_open_trades", "3")))).containsExactly("max_open_trades");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1m", "5m", "15m", "1h", "4h", "1d", "1w", "1M", "30s"})
    void acceptsTimeframes(String tf) {
        assertThat(validator.validateStored(valid().put("timeframe", tf))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "m5", "5min", "0m", "5 m", "1H"})
    void refusesMalformedTimeframes(String tf) {
        assertThat(keys(validator.validateStored(valid().put("timeframe", tf)))).containsExactly("timeframe");
    }

    @Test
    void marketOrdersRequireTheOtherPriceSide() {
        ObjectNode cfg = valid();
        cfg.putObject("order_types").put("entry", "market").put("exit", "market").put("stoploss", "market")
                .put("stoploss_on_exchange", false);
        assertThat(keys(validator.validateStored(cfg))).containsExactly("entry_pricing.price_side", "exit_pricing.price_side");

        ((ObjectNode) cfg.get("entry_pricing")).put("price_side", "other");
        ((ObjectNode) cfg.get("exit_pricing")).put("price_side", "bid");
        assertThat(validator.validateStored(cfg)).isEmpty();
    }

    @Test
    void orderTypesNeedTheirRequiredSubKeys() {
        ObjectNode cfg = valid();
        cfg.putObject("order_types").put("entry", "limit").put("exit", "stop");
        assertThat(keys(validator.validateStored(cfg))).containsExactly(
                "order_types.stoploss", "order_types.stoploss_on_exchange", "order_types.exit");
    }

    @Test
    void refusesZeroOrPositiveStoploss() {
        assertThat(keys(validator.validateStored(valid().put("stoploss", 0)))).containsExactly("stoploss");
        assertThat(keys(validator.validateStored(valid().put("stoploss", 0.1)))).containsExactly("stoploss");
        assertThat(validator.validateStored(valid().put("stoploss", -0.1))).isEmpty();
    }

    @Test
    void storedModeDoesNotRequireRuntimeOnlyKeys() {
        ObjectNode stored = generator.generate(typical().build());
        assertThat(validator.validateStored(stored)).isEmpty();
        ((ObjectNode) stored.get("api_server")).removeAll();
        assertThat(validator.validateStored(stored)).isEmpty();
        stored.remove("api_server");
        assertThat(validator.validateStored(stored)).isEmpty();
    }

    @Test
    void startModeRequiresApiServerCredentialsAndASafeJwtSecret() {
        ObjectNode cfg = valid();
        ((ObjectNode) cfg.get("api_server")).put("jwt_secret_key", "super-secret").put("enabled", false)
                .remove(List.of("username", "password"));
        assertThat(keys(validator.validateForStart(cfg))).containsExactly(
                "api_server.enabled", "api_server.username", "api_server.password", "api_server.jwt_secret_key");
        assertThat(validator.validateStored(cfg)).isEmpty();
    }

    @Test
    void liveTradingNeedsExchangeCredentialsAtStart() {
        ObjectNode cfg = generator.forBot(typical().dryRun(false).build(),
                new BotRuntimeValues(null, 8101, "fleet", "pw", "jwt-x", null, null, null, null, "sqlite:///b1.sqlite"));
        assertThat(keys(validator.validateForStart(cfg))).containsExactly("exchange.key", "exchange.secret");
        assertThat(validator.validateStored(cfg)).isEmpty();
        assertThat(validator.validateForStart(generator.forBot(typical().dryRun(false).build(), runtime()))).isEmpty();
    }

    @Test
    void freqaiEnabledRequiresTheContractKeys() {
        ObjectNode cfg = valid().put("freqaimodel", "LightGBMRegressor");
        cfg.putObject("freqai").put("enabled", true);
        assertThat(keys(validator.validateForStart(cfg))).containsExactly(
                "freqai.identifier",
                "freqai.train_period_days",
                "freqai.backtest_period_days",
                "freqai.feature_parameters",
                "freqai.data_split_parameters",
                "freqai.model_training_parameters");

        ((ObjectNode) cfg.get("freqai")).putObject("feature_parameters");
        assertThat(keys(validator.validateForStart(cfg))).contains(
                "freqai.feature_parameters.include_timeframes",
                "freqai.feature_parameters.include_corr_pairlist",
                "freqai.feature_parameters.indicator_periods_candles");
    }

    @Test
    void freqaiEnabledNeedsAModelClassAtStartOnly() {
        BotConfigInput in = typical().freqai(BotConfigInput.FreqaiSettings.of(null, List.of("5m"),
                List.of("BTC/USDT"))).build();
        ObjectNode cfg = generator.forBot(in, runtime());
        assertThat(keys(validator.validateForStart(cfg))).containsExactly("freqaimodel");
        assertThat(validator.validateStored(cfg)).isEmpty();
    }

    @Test
    void freqaiSectionIsCheckedEvenWhenDisabled() {
        ObjectNode cfg = valid();
        cfg.putObject("freqai").put("enabled", false).put("identifier", "x");
        assertThat(keys(validator.validateStored(cfg))).containsExactly(
                "freqai.feature_parameters", "freqai.data_split_parameters");
    }

    @Test
    void freqaiIncludeTimeframesMustNotBeBelowTheMainTimeframe() {
        BotConfigInput in = typical().timeframe("15m").freqai(BotConfigInput.FreqaiSettings.of("LightGBMRegressor",
                List.of("5m", "15m", "1h", "bogus"), List.of("BTC/USDT"))).build();
        List<ConfigViolation> v = validator.validateForStart(generator.forBot(in, runtime()));
        assertThat(keys(v)).containsExactly(
                "freqai.feature_parameters.include_timeframes[0]", "freqai.feature_parameters.include_timeframes[3]");
        assertThat(v.get(0).message()).contains("\"5m\"").contains("15m");
    }

    @Test
    void freqaiWrongTypesAreNamed() {
        ObjectNode cfg = generator.forBot(typical().freqai(BotConfigInput.FreqaiSettings.of("LightGBMRegressor",
                List.of("5m"), List.of("BTC/USDT"))).build(), runtime());
        ObjectNode fa = (ObjectNode) cfg.get("freqai");
        fa.put("enabled", "true").put("train_period_days", 1.5).put("identifier", "");
        ((ObjectNode) fa.get("feature_parameters")).put("include_corr_pairlist", "BTC/USDT")
                .putArray("indicator_periods_candles").add(10).add(-3);
        ((ObjectNode) fa.get("data_split_parameters")).put("test_size", 1.0);
        assertThat(keys(validator.validateStored(cfg))).containsExactly(
                "freqai.enabled",
                "freqai.identifier",
                "freqai.train_period_days",
                "freqai.feature_parameters.include_corr_pairlist",
                "freqai.feature_parameters.indicator_periods_candles[1]",
                "freqai.data_split_parameters.test_size");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "\"config\"", "42", "true", "{\"exchange\": []}",
            "{\"exchange\": {\"name\": 1, \"pair_whitelist\": {}}, \"pairlists\": [1, null, [], {\"method\": []}]}",
            "{\"api_server\": [], \"freqai\": 3, \"entry_pricing\": null, \"internals\": \"x\"}",
            "{\"freqai\": {\"enabled\": true, \"feature_parameters\": {\"include_timeframes\": [null, 5, \"99999999999y\"]}}}",
            "{\"stake_amount\": 1e400, \"max_open_trades\": -1e400, \"dry_run_wallet\": 1e-400, \"timeframe\": \"9999999999999999999m\"}"})
    void neverThrowsOnOddJson(String text) {
        JsonNode node = anyJson(text);
        assertThatCode(() -> validator.validate(node, ValidationMode.START)).doesNotThrowAnyException();
        assertThatCode(() -> validator.validate(node, ValidationMode.STORED)).doesNotThrowAnyException();
        assertThat(validator.validateForStart(node)).isNotEmpty();
        assertThat(validator.validateForStart(node)).allSatisfy(v -> assertThat(v.message()).isNotBlank());
    }

    @Test
    void neverThrowsWhenAnyValueOfAValidConfigIsReplacedByAnyType() {
        JsonNodeFactory nf = JsonNodeFactory.instance;
        List<JsonNode> oddValues = List.of(nf.nullNode(), nf.booleanNode(true), nf.numberNode(-1), nf.numberNode(0.5),
                nf.numberNode(Double.NaN), nf.stringNode(""), nf.stringNode("x"), nf.arrayNode(), nf.objectNode(),
                json("{\"a\":[{\"b\":null}]}"));
        ObjectNode base = generator.forBot(typical().freqai(BotConfigInput.FreqaiSettings.of("LightGBMRegressor",
                List.of("5m"), List.of("BTC/USDT"))).build(), runtime());
        base.putObject("order_types").put("entry", "market");
        List<List<Object>> paths = new ArrayList<>();
        collectPaths(base, new ArrayList<>(), paths);
        Random random = new Random(42);
        int checked = 0;
        for (List<Object> path : paths) {
            for (JsonNode odd : oddValues) {
                ObjectNode copy = base.deepCopy();
                replace(copy, path, odd);
                if (random.nextBoolean()) {
                    List<Object> other = paths.get(random.nextInt(paths.size()));
                    replace(copy, other, oddValues.get(random.nextInt(oddValues.size())));
                }
                for (ValidationMode mode : ValidationMode.values()) {
                    List<ConfigViolation> v = validator.validate(copy, mode);
                    assertThat(v).noneMatch(x -> x.message().startsWith("config could not be validated"));
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(500);
    }

    @Test
    void resultIsDeterministicAndImmutable() {
        ObjectNode cfg = json("{\"exchange\": 1, \"stake_amount\": \"x\", \"freqai\": {\"enabled\": true}}");
        List<ConfigViolation> a = validator.validateForStart(cfg);
        List<ConfigViolation> b = validator.validateForStart(cfg);
        assertThat(a).isEqualTo(b);
        assertThatCode(() -> a.add(new ConfigViolation("x", "y"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void requiredKeyConstantsMatchTheContract() {
        assertThat(FreqtradeConfigValidator.SCHEMA_TRADE_REQUIRED).containsExactly(
                "exchange", "timeframe", "max_open_trades", "stake_currency", "stake_amount",
                "tradable_balance_ratio", "last_stake_amount_min_ratio", "dry_run", "dry_run_wallet",
                "exit_pricing", "entry_pricing", "stoploss", "minimal_roi", "internals",
                "dataformat_ohlcv", "dataformat_trades");
        assertThat(FreqtradeConfigValidator.timeframeSeconds("5m")).isEqualTo(300);
        assertThat(FreqtradeConfigValidator.timeframeSeconds("1h")).isEqualTo(3600);
        assertThat(FreqtradeConfigValidator.timeframeSeconds("nope")).isEqualTo(-1);
    }

    // ---- helpers ----

    private static void collectPaths(JsonNode node, List<Object> prefix, List<List<Object>> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                List<Object> p = new ArrayList<>(prefix);
                p.add(e.getKey());
                out.add(p);
                collectPaths(e.getValue(), p, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> p = new ArrayList<>(prefix);
                p.add(i);
                out.add(p);
                collectPaths(node.get(i), p, out);
            }
        }
    }

    private static void replace(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object step = path.get(i);
            parent = step instanceof Integer idx ? parent.get(idx) : parent.get((String) step);
            if (parent == null || !parent.isContainer()) {
                return;
            }
        }
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer idx && parent.isArray() && idx < parent.size()) {
            ((ArrayNode) parent).set(idx, value.deepCopy());
        } else if (last instanceof String key && parent.isObject()) {
            ((ObjectNode) parent).set(key, value.deepCopy());
        }
    }
}
