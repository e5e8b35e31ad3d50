package io.ftfleet.bot.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Typed model of the Freqtrade configuration keys FT Fleet writes (contract 5.2, 5.3, 1.2).
 * Key names are exactly Freqtrade's. A {@code null} component means "key not written".
 * {@link #toJson()} renders the keys in a fixed order (the order of the record components).
 */
public record FreqtradeConfig(
        String botName,
        String strategy,
        Integer maxOpenTrades,
        String stakeCurrency,
        StakeAmount stakeAmount,
        BigDecimal tradableBalanceRatio,
        BigDecimal lastStakeAmountMinRatio,
        Boolean dryRun,
        BigDecimal dryRunWallet,
        TradingMode tradingMode,
        MarginMode marginMode,
        String timeframe,
        String initialState,
        Boolean forceEntryEnable,
        UnfilledTimeout unfilledtimeout,
        EntryPricing entryPricing,
        ExitPricing exitPricing,
        Exchange exchange,
        List<Pairlist> pairlists,
        String dataformatOhlcv,
        String dataformatTrades,
        String dbUrl,
        ApiServer apiServer,
        Internals internals,
        String freqaimodel,
        Freqai freqai) {

    static final JsonNodeFactory NF = JsonNodeFactory.instance;

    public ObjectNode toJson() {
        ObjectNode n = NF.objectNode();
        putIf(n, "bot_name", botName);
        putIf(n, "strategy", strategy);
        if (maxOpenTrades != null) {
            n.put("max_open_trades", maxOpenTrades.intValue());
        }
        putIf(n, "stake_currency", stakeCurrency);
        if (stakeAmount != null) {
            n.set("stake_amount", stakeAmount.toJson());
        }
        putIf(n, "tradable_balance_ratio", tradableBalanceRatio);
        putIf(n, "last_stake_amount_min_ratio", lastStakeAmountMinRatio);
        putIf(n, "dry_run", dryRun);
        putIf(n, "dry_run_wallet", dryRunWallet);
        if (tradingMode != null) {
            n.put("trading_mode", tradingMode.value());
        }
        if (marginMode != null) {
            n.put("margin_mode", marginMode.value());
        }
        putIf(n, "timeframe", timeframe);
        putIf(n, "initial_state", initialState);
        putIf(n, "force_entry_enable", forceEntryEnable);
        if (unfilledtimeout != null) {
            n.set("unfilledtimeout", unfilledtimeout.toJson());
        }
        if (entryPricing != null) {
            n.set("entry_pricing", entryPricing.toJson());
        }
        if (exitPricing != null) {
            n.set("exit_pricing", exitPricing.toJson());
        }
        if (exchange != null) {
            n.set("exchange", exchange.toJson());
        }
        if (pairlists != null) {
            ArrayNode a = n.putArray("pairlists");
            pairlists.forEach(p -> a.add(p.toJson()));
        }
        putIf(n, "dataformat_ohlcv", dataformatOhlcv);
        putIf(n, "dataformat_trades", dataformatTrades);
        putIf(n, "db_url", dbUrl);
        if (apiServer != null) {
            n.set("api_server", apiServer.toJson());
        }
        if (internals != null) {
            n.set("internals", internals.toJson());
        }
        putIf(n, "freqaimodel", freqaimodel);
        if (freqai != null) {
            n.set("freqai", freqai.toJson());
        }
        return n;
    }

    /** {@code unfilledtimeout}: {@code entry}, {@code exit} (&ge; 1), {@code unit} minutes|seconds, {@code exit_timeout_count}. */
    public record UnfilledTimeout(Integer entry, Integer exit, String unit, Integer exitTimeoutCount) {
        public ObjectNode toJson() {
            ObjectNode n = NF.objectNode();
            putIf(n, "entry", entry);
            putIf(n, "exit", exit);
            putIf(n, "unit", unit);
            putIf(n, "exit_timeout_count", exitTimeoutCount);
            return n;
        }
    }

    /** {@code check_depth_of_market} inside {@code entry_pricing}. */
    public record CheckDepthOfMarket(boolean enabled, BigDecimal bidsToAskDelta) {
        public ObjectNode toJson() {
            ObjectNode n = NF.objectNode();
            n.put("enabled", enabled);
            putIf(n, "bids_to_ask_delta", bidsToAskDelta);
            return n;
        }
    }

    /** {@code entry_pricing}. */
    public record EntryPricing(PriceSide priceSide, Boolean useOrderBook, Integer orderBookTop,
                               BigDecimal priceLastBalance, CheckDepthOfMarket checkDepthOfMarket) {
        public ObjectNode toJson() {
            ObjectNode n = NF.objectNode();
            if (priceSide != null) {
                n.put("price_side", priceSide.value());
            }
            putIf(n, "use_order_book", useOrderBook);
            putIf(n, "order_book_top", orderBookTop);
            putIf(n, "price_last_balance", priceLastBalance);
            if (checkDepthOfMarket != null) {
                n.set("check_depth_of_market", checkDepthOfMarket.toJson());
            }
            return n;
        }
    }

    /** {@code exit_pricing}. */
    public record ExitPricing(PriceSide priceSide, Boolean useOrderBook, Integer orderBookTop,
                              BigDecimal priceLastBalance) {
        public ObjectNode toJson() {
            ObjectNode n = NF.objectNode();
            if (priceSide != null) {
                n.put("price_side", priceSide.value());
            }
            putIf(n, "use_order_book", useOrderBook);
            putIf(n, "order_book_top", orderBookTop);
            putIf(n, "price_last_balance", priceLastBalance);
            return n;
        }
    }

    /** {@code exchange} block. Credentials default to {@code ""} in Freqtrade. */
    public record Exchange(String name, String key, String secret, String password,
                           List<String> pairWhitelist, List<String> pairBlacklist,
                           ObjectNode ccxtConfig, ObjectNode ccxtAsyncConfig) {
        public ObjectNode toJson() {
            ObjectNode n = NF.objectNode();
            putIf(n, "name", name);
            putIf(n, "key", key);
            putIf(n, "secret", secret);
            putIf(n, "password", password);
            putStrings(n, "pair_whitelist", pairWhitelist);
            putStrings(n, "pair_blacklist", pairBlacklist);
            if (ccxtConfig != null) {
                n.set("ccxt_config", ccxtConfig.deepCopy());
            }
            if (ccxtAsyncConfig != null) {
                n.set("ccxt_async_config", ccxtAsyncConfig.deepCopy());
            }
            return n;
        }
    }

    /** One {@code pairlists} entry: {@code {"method": <handler>, ...params}}. */
    public record Pairlist(String method, Map<String, JsonNode> params) {
        public static Pairlist of(String method) {
            return new Pairlist(method, Map.of());
        }

        public ObjectNode toJson() {
            ObjectNode n = NF.objectNode();
            putIf(n, "method", method);
            if (params != null) {
                params.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .forEach(e -> n.set(e.getKey(), e.getValue() == null ? NF.nullNode() : e.getValue().deepCopy()));
            }
            return n;
        }
    }

    /** {@code api_server} block (contract 1.2). */
    public record ApiServer(Boolean enabled, String listenIpAddress, Integer listenPort, String verbosity,
                            String jwtSecretKey, String wsToken, List<String> corsOrigins,
                            String username, String password) {
        public ObjectNode toJson() {
            ObjectNode n = NF.objectNode();
            putIf(n, "enabled", enabled);
            putIf(n, "listen_ip_address", listenIpAddress);
            putIf(n, "listen_port", listenPort);
            putIf(n, "verbosity", verbosity);
            putIf(n, "jwt_secret_key", jwtSecretKey);
            putIf(n, "ws_token", wsToken);
            putStrings(n, "CORS_origins", corsOrigins);
            putIf(n, "username", username);
            putIf(n, "password", password);
            return n;
        }
    }

    /** {@code internals}. */
    public record Internals(Integer processThrottleSecs, Integer heartbeatInterval, Boolean sdNotify) {
        public ObjectNode toJson() {
            ObjectNode n = NF.objectNode();
            putIf(n, "process_throttle_secs", processThrottleSecs);
            putIf(n, "heartbeat_interval", heartbeatInterval);
            putIf(n, "sd_notify", sdNotify);
            return n;
        }
    }

    /** {@code freqai.feature_parameters} (contract 5.3). */
    public record FeatureParameters(List<String> includeTimeframes, List<String> includeCorrPairlist,
                                    Integer labelPeriodCandles, Integer includeShiftedCandles,
                                    List<Integer> indicatorPeriodsCandles, BigDecimal diThreshold,
                                    BigDecimal weightFactor, Boolean principalComponentAnalysis,
                                    Boolean useSvmToRemoveOutliers) {
        public ObjectNode toJson() {
            ObjectNode n = NF.objectNode();
            putStrings(n, "include_timeframes", includeTimeframes);
            putStrings(n, "include_corr_pairlist", includeCorrPairlist);
            putIf(n, "label_period_candles", labelPeriodCandles);
            putIf(n, "include_shifted_candles", includeShiftedCandles);
            if (indicatorPeriodsCandles != null) {
                ArrayNode a = n.putArray("indicator_periods_candles");
                indicatorPeriodsCandles.forEach(i -> a.add(i == null ? 0 : i));
            }
            putIf(n, "DI_threshold", diThreshold);
            putIf(n, "weight_factor", weightFactor);
            putIf(n, "principal_component_analysis", principalComponentAnalysis);
            putIf(n, "use_SVM_to_remove_outliers", useSvmToRemoveOutliers);
            return n;
        }
    }

    /** {@code freqai.data_split_parameters}: kwargs for sklearn's train_test_split. */
    public record DataSplitParameters(BigDecimal testSize, Integer randomState, Boolean shuffle) {
        public ObjectNode toJson() {
            ObjectNode n = NF.objectNode();
            putIf(n, "test_size", testSize);
            putIf(n, "random_state", randomState);
            putIf(n, "shuffle", shuffle);
            return n;
        }
    }

    /** {@code freqai} section (contract 5.3). */
    public record Freqai(Boolean enabled, String identifier, Integer trainPeriodDays,
                         BigDecimal backtestPeriodDays, BigDecimal liveRetrainHours,
                         BigDecimal expirationHours, Integer purgeOldModels, Boolean continualLearning,
                         FeatureParameters featureParameters, DataSplitParameters dataSplitParameters,
                         ObjectNode modelTrainingParameters) {
        public ObjectNode toJson() {
            ObjectNode n = NF.objectNode();
            putIf(n, "enabled", enabled);
            putIf(n, "identifier", identifier);
            putIf(n, "train_period_days", trainPeriodDays);
            putIf(n, "backtest_period_days", backtestPeriodDays);
            putIf(n, "live_retrain_hours", liveRetrainHours);
            putIf(n, "expiration_hours", expirationHours);
            putIf(n, "purge_old_models", purgeOldModels);
            putIf(n, "continual_learning", continualLearning);
            if (featureParameters != null) {
                n.set("feature_parameters", featureParameters.toJson());
            }
            if (dataSplitParameters != null) {
                n.set("data_split_parameters", dataSplitParameters.toJson());
            }
            if (modelTrainingParameters != null) {
                n.set("model_training_parameters", modelTrainingParameters.deepCopy());
            }
            return n;
        }
    }

    // ---- helpers -------------------------------------------------------------------------

    static void putIf(ObjectNode n, String key, String v) {
        if (v != null) {
            n.put(key, v);
        }
    }

    static void putIf(ObjectNode n, String key, Boolean v) {
        if (v != null) {
            n.put(key, v.booleanValue());
        }
    }

    static void putIf(ObjectNode n, String key, Integer v) {
        if (v != null) {
            n.put(key, v.intValue());
        }
    }

    static void putIf(ObjectNode n, String key, BigDecimal v) {
        if (v != null) {
            n.set(key, NF.numberNode(v));
        }
    }

    static void putStrings(ObjectNode n, String key, List<String> values) {
        if (values != null) {
            ArrayNode a = n.putArray(key);
            values.forEach(a::add);
        }
    }
}
