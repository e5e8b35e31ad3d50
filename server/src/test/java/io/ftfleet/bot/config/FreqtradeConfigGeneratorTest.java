package io.ftfleet.bot.config;

import static io.ftfleet.bot.config.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeType;
import tools.jackson.databind.node.ObjectNode;

class FreqtradeConfigGeneratorTest {

    private final FreqtradeConfigGenerator generator = new FreqtradeConfigGenerator();
    private final FreqtradeConfigValidator validator = new FreqtradeConfigValidator();

    @Test
    void generatesConfigFreqtradeAccepts() {
        BotConfigInput in = typical().build();

        assertThat(validator.validateStored(generator.generate(in))).isEmpty();
        assertThat(validator.validateForStart(generator.forBot(in, runtime()))).isEmpty();
    }

    @Test
    void generatedConfigHasContractRequiredTopLevelKeysWithTheirTypes() {
        ObjectNode cfg = generator.forBot(typical().build(), runtime());

        Map<String, JsonNodeType> expected = Map.ofEntries(
                Map.entry("exchange", JsonNodeType.OBJECT),
                Map.entry("timeframe", JsonNodeType.STRING),
                Map.entry("max_open_trades", JsonNodeType.NUMBER),
                Map.entry("stake_currency", JsonNodeType.STRING),
                Map.entry("stake_amount", JsonNodeType.NUMBER),
                Map.entry("tradable_balance_ratio", JsonNodeType.NUMBER),
                Map.entry("last_stake_amount_min_ratio", JsonNodeType.NUMBER),
                Map.entry("dry_run", JsonNodeType.BOOLEAN),
                Map.entry("dry_run_wallet", JsonNodeType.NUMBER),
                Map.entry("exit_pricing", JsonNodeType.OBJECT),
                Map.entry("entry_pricing", JsonNodeType.OBJECT),
                Map.entry("internals", JsonNodeType.OBJECT),
                Map.entry("dataformat_ohlcv", JsonNodeType.STRING),
                Map.entry("dataformat_trades", JsonNodeType.STRING));
        // the contract's SCHEMA_TRADE_REQUIRED minus what only the strategy provides (stoploss, minimal_roi)
        List<String> requiredWithoutStrategyOnly = FreqtradeConfigValidator.SCHEMA_TRADE_REQUIRED.stream()
                .filter(k -> !k.equals("stoploss") && !k.equals("minimal_roi")).toList();
        assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(requiredWithoutStrategyOnly);
        expected.forEach((key, type) -> {
            assertThat(cfg.has(key)).as(key).isTrue();
            assertThat(cfg.get(key).getNodeType()).as(key).isEqualTo(type);
        });
        assertThat(cfg.has("stoploss")).isFalse();
        assertThat(cfg.has("minimal_roi")).isFalse();
        // effectively required (contract 5.1) and needed by FT Fleet
        assertThat(cfg.get("pairlists").isArray()).isTrue();
        assertThat(cfg.get("api_server").isObject()).isTrue();
        assertThat(cfg.get("max_open_trades").isIntegralNumber()).isTrue();
    }

    @Test
    void generatesExactValuesForTypicalBot() {
        ObjectNode cfg = generator.forBot(typical().build(), runtime());

        assertThat(cfg.get("bot_name").stringValue()).isEqualTo("b1");
        assertThat(cfg.get("strategy").stringValue()).isEqualTo("SampleStrategy");
        assertThat(cfg.get("max_open_trades").intValue()).isEqualTo(3);
        assertThat(cfg.get("stake_amount").decimalValue()).isEqualByComparingTo("100");
        assertThat(cfg.get("trading_mode").stringValue()).isEqualTo("spot");
        assertThat(cfg.get("margin_mode").stringValue()).isEqualTo("");
        assertThat(cfg.get("initial_state").stringValue()).isEqualTo("running");
        assertThat(cfg.get("db_url").stringValue()).isEqualTo("sqlite:////var/lib/ftfleet/bots/b1/tradesv3.sqlite");
        assertThat(cfg.get("pairlists")).isEqualTo(json("{\"a\":[{\"method\":\"StaticPairList\"}]}").get("a"));
        assertThat(cfg.get("exchange")).isEqualTo(json("""
                {"name":"binance","key":"%s","secret":"%s","password":"%s",
                 "pair_whitelist":["BTC/USDT","ETH/USDT"],"pair_blacklist":[],
                 "ccxt_config":{},"ccxt_async_config":{}}""".formatted(EXCHANGE_KEY, EXCHANGE_SECRET, EXCHANGE_PASSWORD)));
        assertThat(cfg.get("api_server")).isEqualTo(json("""
                {"enabled":true,"listen_ip_address":"127.0.0.1","listen_port":8101,"verbosity":"error",
                 "jwt_secret_key":"%s","ws_token":"%s","CORS_origins":[],"username":"fleet","password":"%s"}"""
                .formatted(JWT, WS_TOKEN, API_PASSWORD)));
        assertThat(cfg.get("entry_pricing").get("price_side").stringValue()).isEqualTo("same");
        assertThat(cfg.get("entry_pricing").get("check_depth_of_market").get("enabled").booleanValue()).isFalse();
        assertThat(cfg.get("exit_pricing").get("price_side").stringValue()).isEqualTo("same");
        assertThat(cfg.get("unfilledtimeout").get("unit").stringValue()).isEqualTo("minutes");
        assertThat(cfg.has("freqai")).isFalse();
        assertThat(cfg.has("freqaimodel")).isFalse();
    }

    @Test
    void keyOrderIsStableAndDeterministic() {
        ObjectNode a = generator.forBot(typical().build(), runtime());
        ObjectNode b = generator.forBot(typical().build(), runtime());

        assertThat(new ArrayList<>(a.propertyNames())).containsExactly(
                "bot_name", "strategy", "max_open_trades", "stake_currency", "stake_amount",
                "tradable_balance_ratio", "last_stake_amount_min_ratio", "dry_run", "dry_run_wallet",
                "trading_mode", "margin_mode", "timeframe", "initial_state", "force_entry_enable",
                "unfilledtimeout", "entry_pricing", "exit_pricing", "exchange", "pairlists",
                "dataformat_ohlcv", "dataformat_trades", "api_server", "internals", "db_url");
        assertThat(MAPPER.writeValueAsString(a)).isEqualTo(MAPPER.writeValueAsString(b));
    }

    @Test
    void storedConfigCarriesNoRuntimeValues() {
        ObjectNode stored = generator.generate(typical().build());

        assertThat(stored.has("db_url")).isFalse();
        assertThat(stored.get("api_server").has("listen_port")).isFalse();
        assertThat(stored.get("api_server").has("password")).isFalse();
        assertThat(stored.get("api_server").has("jwt_secret_key")).isFalse();
        assertThat(stored.get("exchange").get("key").stringValue()).isEmpty();
        assertThat(stored.get("exchange").get("secret").stringValue()).isEmpty();
        // ...so it is not startable as is
        assertThat(validator.validateForStart(stored)).extracting(ConfigViolation::key)
                .containsExactlyInAnyOrder("db_url", "api_server.listen_port", "api_server.username",
                        "api_server.password", "api_server.jwt_secret_key");
    }

    @Test
    void overridesDeepMergeIntoGeneratedConfig() {
        ObjectNode overrides = json("""
                {"dry_run_wallet": 500,
                 "unfilledtimeout": {"entry": 5},
                 "exchange": {"pair_blacklist": ["BNB/.*"], "ccxt_config": {"enableRateLimit": true}},
                 "telegram": {"enabled": false, "token": "", "chat_id": ""}}""");
        ObjectNode cfg = generator.generate(typical().overrides(overrides).build());

        assertThat(cfg.get("dry_run_wallet").intValue()).isEqualTo(500);
        assertThat(cfg.get("unfilledtimeout")).isEqualTo(
                json("{\"entry\":5,\"exit\":10,\"unit\":\"minutes\",\"exit_timeout_count\":0}"));
        assertThat(cfg.get("exchange").get("name").stringValue()).isEqualTo("binance");
        assertThat(cfg.get("exchange").get("pair_whitelist").size()).isEqualTo(2);
        assertThat(cfg.get("exchange").get("pair_blacklist").get(0).stringValue()).isEqualTo("BNB/.*");
        assertThat(cfg.get("exchange").get("ccxt_config").get("enableRateLimit").booleanValue()).isTrue();
        assertThat(cfg.get("telegram").get("enabled").booleanValue()).isFalse();
        // new keys go after the generated ones; generated order is kept
        assertThat(new ArrayList<>(cfg.propertyNames())).endsWith("internals", "telegram");
    }

    @Test
    void overridesReplaceListsAndScalarsWholesaleLikeFreqtrade() {
        ObjectNode overrides = json("""
                {"exchange": {"pair_whitelist": ["SOL/USDT"]}, "pairlists": [{"method": "VolumePairList", "number_assets": 20}],
                 "stake_amount": "unlimited", "entry_pricing": "oops"}""");
        ObjectNode cfg = generator.generate(typical().overrides(overrides).build());

        assertThat(cfg.get("exchange").get("pair_whitelist")).isEqualTo(json("{\"a\":[\"SOL/USDT\"]}").get("a"));
        assertThat(cfg.get("pairlists")).hasSize(1);
        assertThat(cfg.get("pairlists").get(0).get("number_assets").intValue()).isEqualTo(20);
        assertThat(cfg.get("stake_amount").stringValue()).isEqualTo("unlimited");
        assertThat(cfg.get("entry_pricing").stringValue()).isEqualTo("oops");
        // the validator then names the broken override
        assertThat(validator.validateStored(cfg)).extracting(ConfigViolation::key).containsExactly("entry_pricing");
    }

    @Test
    void deepMergeDoesNotModifyItsInputs() {
        ObjectNode base = json("{\"a\":{\"b\":1,\"c\":[1,2]},\"d\":true}");
        ObjectNode over = json("{\"a\":{\"b\":2,\"e\":null},\"f\":{\"g\":1}}");
        String baseBefore = base.toString();
        String overBefore = over.toString();

        ObjectNode merged = FreqtradeConfigGenerator.deepMerge(base, over);

        assertThat(merged).isEqualTo(json("{\"a\":{\"b\":2,\"c\":[1,2],\"e\":null},\"d\":true,\"f\":{\"g\":1}}"));
        assertThat(base.toString()).isEqualTo(baseBefore);
        assertThat(over.toString()).isEqualTo(overBefore);
        ((ObjectNode) merged.get("f")).put("g", 99);
        assertThat(over.get("f").get("g").intValue()).isEqualTo(1);
    }

    @Test
    void runtimeValuesWinOverUserOverrides() {
        ObjectNode overrides = json("""
                {"db_url": "sqlite:///shared.sqlite",
                 "api_server": {"listen_port": 9999, "username": "hacker", "CORS_origins": ["http://ui.local"]}}""");
        ObjectNode cfg = generator.forBot(typical().overrides(overrides).build(), runtime());

        assertThat(cfg.get("db_url").stringValue()).isEqualTo("sqlite:////var/lib/ftfleet/bots/b1/tradesv3.sqlite");
        assertThat(cfg.get("api_server").get("listen_port").intValue()).isEqualTo(8101);
        assertThat(cfg.get("api_server").get("username").stringValue()).isEqualTo("fleet");
        assertThat(cfg.get("api_server").get("CORS_origins").get(0).stringValue()).isEqualTo("http://ui.local");
    }

    @Test
    void withRuntimeValuesCompletesAStoredConfigReplacedByTheUser() {
        ObjectNode userConfig = json("""
                {"exchange": {"name": "kraken", "pair_whitelist": ["BTC/EUR"]}, "stake_currency": "EUR",
                 "stake_amount": 50, "dry_run": true, "entry_pricing": {}, "exit_pricing": {},
                 "pairlists": [{"method": "StaticPairList"}]}""");
        ObjectNode cfg = generator.withRuntimeValues(userConfig, runtime());

        assertThat(cfg.get("api_server").get("enabled").booleanValue()).isTrue();
        assertThat(cfg.get("api_server").get("listen_ip_address").stringValue()).isEqualTo("127.0.0.1");
        assertThat(cfg.get("exchange").get("name").stringValue()).isEqualTo("kraken");
        assertThat(cfg.get("exchange").get("secret").stringValue()).isEqualTo(EXCHANGE_SECRET);
        assertThat(validator.validateForStart(cfg)).isEmpty();
        assertThat(userConfig.has("api_server")).isFalse();
    }

    @Test
    void futuresBotGetsMarginModeAndValidates() {
        BotConfigInput in = typical().tradingMode(TradingMode.FUTURES).marginMode(MarginMode.ISOLATED)
                .pairWhitelist(List.of("BTC/USDT:USDT")).build();
        ObjectNode cfg = generator.forBot(in, runtime());

        assertThat(cfg.get("trading_mode").stringValue()).isEqualTo("futures");
        assertThat(cfg.get("margin_mode").stringValue()).isEqualTo("isolated");
        assertThat(validator.validateForStart(cfg)).isEmpty();
    }

    @Test
    void futuresInputWithoutMarginModeIsReportedNotThrown() {
        ObjectNode cfg = generator.forBot(typical().tradingMode(TradingMode.FUTURES).build(), runtime());

        assertThat(validator.validateForStart(cfg)).extracting(ConfigViolation::key).containsExactly("margin_mode");
    }

    @Test
    void freqaiBotGetsEveryKeyTheContractRequires() {
        BotConfigInput in = typical().freqai(BotConfigInput.FreqaiSettings.of("LightGBMRegressor",
                List.of("5m", "15m", "1h"), List.of("BTC/USDT", "ETH/USDT"))).build();
        ObjectNode cfg = generator.forBot(in, runtime());

        JsonNode fa = cfg.get("freqai");
        assertThat(cfg.get("freqaimodel").stringValue()).isEqualTo("LightGBMRegressor");
        assertThat(fa.get("enabled").booleanValue()).isTrue();
        assertThat(fa.get("identifier").stringValue()).isEqualTo("freqai_b1");
        assertThat(fa.get("train_period_days").intValue()).isEqualTo(15);
        assertThat(fa.get("backtest_period_days").decimalValue()).isEqualByComparingTo("7");
        assertThat(fa.get("feature_parameters").get("include_timeframes"))
                .isEqualTo(json("{\"a\":[\"5m\",\"15m\",\"1h\"]}").get("a"));
        assertThat(fa.get("feature_parameters").get("include_corr_pairlist")).hasSize(2);
        assertThat(fa.get("feature_parameters").get("indicator_periods_candles"))
                .isEqualTo(json("{\"a\":[10,20]}").get("a"));
        assertThat(fa.get("data_split_parameters").get("test_size").decimalValue()).isEqualByComparingTo("0.33");
        assertThat(fa.get("model_training_parameters").isObject()).isTrue();
        assertThat(validator.validateForStart(cfg)).isEmpty();
    }

    @Test
    void freqaiIdentifierIsKeptWhenGiven() {
        BotConfigInput.FreqaiSettings s = new BotConfigInput.FreqaiSettings("my-model", "XGBoostRegressor", 30,
                new BigDecimal("0.5"), new BigDecimal("4"), null, List.of("1h"), List.of("BTC/USDT"), 24, 0,
                List.of(14), new BigDecimal("0.9"), null, new BigDecimal("0.25"), 42, json("{\"n_estimators\":800}"));
        ObjectNode cfg = generator.forBot(typical().freqai(s).build(), runtime());

        assertThat(cfg.get("freqai").get("identifier").stringValue()).isEqualTo("my-model");
        assertThat(cfg.get("freqai").get("live_retrain_hours").intValue()).isEqualTo(4);
        assertThat(cfg.get("freqai").get("feature_parameters").get("DI_threshold").doubleValue()).isEqualTo(0.9);
        assertThat(cfg.get("freqai").get("model_training_parameters").get("n_estimators").intValue()).isEqualTo(800);
        assertThat(validator.validateForStart(cfg)).isEmpty();
    }

    @Test
    void typedModelRendersTheSameTreeAsTheGenerator() {
        BotConfigInput in = typical().build();
        assertThat(generator.model(in).toJson()).isEqualTo(generator.generate(in));
        assertThat(generator.model(in).maxOpenTrades()).isEqualTo(3);
        assertThat(generator.model(in).exchange().pairWhitelist()).containsExactly("BTC/USDT", "ETH/USDT");
    }

    @Test
    void unlimitedStakeIsWrittenAsTheString() {
        ObjectNode cfg = generator.generate(typical().stakeAmount(StakeAmount.unlimited()).build());
        assertThat(cfg.get("stake_amount").isString()).isTrue();
        assertThat(cfg.get("stake_amount").stringValue()).isEqualTo("unlimited");
    }
}
