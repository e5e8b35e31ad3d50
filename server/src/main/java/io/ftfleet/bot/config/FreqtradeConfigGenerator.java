package io.ftfleet.bot.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the Freqtrade {@code config.json} of a managed bot.
 *
 * <p>Layering, last wins (the way Freqtrade merges several {@code --config} files, contract 4.1):
 * <ol>
 *   <li>the generated config ({@link #model(BotConfigInput)} rendered with a stable key order);</li>
 *   <li>the bot's {@code overrides}, deep-merged ({@link #deepMerge(JsonNode, JsonNode)});</li>
 *   <li>only in {@link #forBot} / {@link #withRuntimeValues}: the runtime values (port, credentials,
 *       exchange secrets, {@code db_url}) — server-owned, so a user override cannot redirect them.</li>
 * </ol>
 *
 * <p>Defaults for {@code null} input components: trading_mode spot (margin_mode {@code ""}),
 * dry_run true, dry_run_wallet 1000, timeframe 5m, pair_blacklist [], max_open_trades 3,
 * stake_amount unlimited. Everything is pure: the inputs are never modified, every call
 * returns a new tree, and equal inputs give equal output (key order included).
 */
public final class FreqtradeConfigGenerator {

    public static final String DEFAULT_LISTEN_IP = "127.0.0.1";
    public static final String DEFAULT_TIMEFRAME = "5m";
    public static final BigDecimal DEFAULT_DRY_RUN_WALLET = new BigDecimal("1000");
    public static final int DEFAULT_MAX_OPEN_TRADES = 3;

    private static final JsonNodeFactory NF = JsonNodeFactory.instance;

    /** Typed model of the generated config (before overrides and runtime values). */
    public FreqtradeConfig model(BotConfigInput in) {
        TradingMode tradingMode = in.tradingMode() == null ? TradingMode.SPOT : in.tradingMode();
        MarginMode marginMode = in.marginMode() != null ? in.marginMode()
                : MarginMode.NONE; // for margin/futures the validator reports the missing margin_mode
        String timeframe = isBlank(in.timeframe()) ? DEFAULT_TIMEFRAME : in.timeframe();

        FreqtradeConfig.Exchange exchange = new FreqtradeConfig.Exchange(
                in.exchange() == null ? "" : in.exchange(), "", "", "",
                in.pairWhitelist() == null ? List.of() : in.pairWhitelist(),
                in.pairBlacklist() == null ? List.of() : in.pairBlacklist(),
                NF.objectNode(), NF.objectNode());

        FreqtradeConfig.ApiServer api = new FreqtradeConfig.ApiServer(true, DEFAULT_LISTEN_IP, null, "error",
                null, null, List.of(), null, null);

        String freqaiModel = null;
        FreqtradeConfig.Freqai freqai = null;
        if (in.freqai() != null) {
            BotConfigInput.FreqaiSettings f = in.freqai();
            freqaiModel = f.freqaiModel();
            freqai = new FreqtradeConfig.Freqai(
                    true,
                    !isBlank(f.identifier()) ? f.identifier() : "freqai_" + (in.name() == null ? "" : in.name()),
                    orDefault(f.trainPeriodDays(), 15),
                    orDefault(f.backtestPeriodDays(), new BigDecimal("7")),
                    orDefault(f.liveRetrainHours(), BigDecimal.ZERO),
                    f.expirationHours(),
                    null,
                    null,
                    new FreqtradeConfig.FeatureParameters(
                            f.includeTimeframes() == null ? List.of(timeframe) : f.includeTimeframes(),
                            f.includeCorrPairlist() == null ? List.of() : f.includeCorrPairlist(),
                            orDefault(f.labelPeriodCandles(), 20),
                            orDefault(f.includeShiftedCandles(), 2),
                            f.indicatorPeriodsCandles() == null ? List.of(10, 20) : f.indicatorPeriodsCandles(),
                            f.diThreshold(),
                            f.weightFactor(),
                            null,
                            null),
                    new FreqtradeConfig.DataSplitParameters(
                            orDefault(f.testSize(), new BigDecimal("0.33")),
                            orDefault(f.randomState(), 1),
                            null),
                    f.modelTrainingParameters() == null ? NF.objectNode() : f.modelTrainingParameters());
        }

        return new FreqtradeConfig(
                in.name(),
                in.strategyClassName(),
                in.maxOpenTrades() == null ? DEFAULT_MAX_OPEN_TRADES : in.maxOpenTrades(),
                in.stakeCurrency(),
                in.stakeAmount() == null ? StakeAmount.unlimited() : in.stakeAmount(),
                new BigDecimal("0.99"),
                new BigDecimal("0.5"),
                in.dryRun() == null ? Boolean.TRUE : in.dryRun(),
                in.dryRunWallet() == null ? DEFAULT_DRY_RUN_WALLET : in.dryRunWallet(),
                tradingMode,
                marginMode,
                timeframe,
                "running",
                false,
                new FreqtradeConfig.UnfilledTimeout(10, 10, "minutes", 0),
                new FreqtradeConfig.EntryPricing(PriceSide.SAME, true, 1, new BigDecimal("0.0"),
                        new FreqtradeConfig.CheckDepthOfMarket(false, BigDecimal.ONE)),
                new FreqtradeConfig.ExitPricing(PriceSide.SAME, true, 1, new BigDecimal("0.0")),
                exchange,
                List.of(new FreqtradeConfig.Pairlist("StaticPairList", Map.of())),
                "feather",
                "feather",
                null,
                api,
                new FreqtradeConfig.Internals(5, null, null),
                freqaiModel,
                freqai);
    }

    /**
     * The config to store at registry time: generated + overrides, without any runtime value
     * (no api port/credentials, empty exchange credentials, no db_url).
     */
    public ObjectNode generate(BotConfigInput in) {
        ObjectNode generated = model(in).toJson();
        return in.overrides() == null ? generated : deepMerge(generated, in.overrides());
    }

    /** The full config with secrets, to write to the bot's {@code config.json} at start. */
    public ObjectNode forBot(BotConfigInput in, BotRuntimeValues runtime) {
        return withRuntimeValues(generate(in), runtime);
    }

    /**
     * Applies runtime values on top of an already stored config (for example one replaced
     * wholesale through {@code PUT /bots/{id}/config}). {@code null} runtime components are skipped.
     * Non-object {@code stored} input yields a config holding only the runtime values.
     */
    public ObjectNode withRuntimeValues(JsonNode stored, BotRuntimeValues runtime) {
        ObjectNode out = stored != null && stored.isObject() ? ((ObjectNode) stored).deepCopy() : NF.objectNode();
        if (runtime == null) {
            return out;
        }
        ObjectNode api = childObject(out, "api_server");
        if (runtime.listenIpAddress() != null) {
            api.put("listen_ip_address", runtime.listenIpAddress());
        } else if (!api.has("listen_ip_address")) {
            api.put("listen_ip_address", DEFAULT_LISTEN_IP);
        }
        if (!api.has("enabled")) {
            api.put("enabled", true);
        }
        if (runtime.listenPort() != null) {
            api.put("listen_port", runtime.listenPort().intValue());
        }
        putIfNotNull(api, "username", runtime.apiUsername());
        putIfNotNull(api, "password", runtime.apiPassword());
        putIfNotNull(api, "jwt_secret_key", runtime.jwtSecretKey());
        putIfNotNull(api, "ws_token", runtime.wsToken());
        if (runtime.exchangeKey() != null || runtime.exchangeSecret() != null || runtime.exchangePassword() != null) {
            ObjectNode ex = childObject(out, "exchange");
            putIfNotNull(ex, "key", runtime.exchangeKey());
            putIfNotNull(ex, "secret", runtime.exchangeSecret());
            putIfNotNull(ex, "password", runtime.exchangePassword());
        }
        putIfNotNull(out, "db_url", runtime.dbUrl());
        return out;
    }

    /** Masks any config tree for {@code GET /bots/{id}/config} (see {@link ConfigMasker}). */
    public ObjectNode masked(JsonNode config) {
        JsonNode m = ConfigMasker.mask(config);
        return m.isObject() ? (ObjectNode) m : NF.objectNode();
    }

    /**
     * Freqtrade's {@code deep_merge_dicts} semantics: objects merge recursively, anything else
     * (scalars, arrays, {@code null}) from {@code overrides} replaces the base value; an object
     * override replaces a non-object base value. Returns a new tree; inputs are not modified.
     * A non-object {@code overrides} is ignored.
     */
    public static ObjectNode deepMerge(JsonNode base, JsonNode overrides) {
        ObjectNode out = base != null && base.isObject() ? ((ObjectNode) base).deepCopy() : NF.objectNode();
        if (overrides == null || !overrides.isObject()) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : overrides.properties()) {
            JsonNode value = e.getValue();
            JsonNode current = out.get(e.getKey());
            if (value.isObject()) {
                out.set(e.getKey(), deepMerge(current != null && current.isObject() ? current : NF.objectNode(), value));
            } else {
                out.set(e.getKey(), value.deepCopy());
            }
        }
        return out;
    }

    private static ObjectNode childObject(ObjectNode parent, String key) {
        JsonNode child = parent.get(key);
        if (child != null && child.isObject()) {
            return (ObjectNode) child;
        }
        return parent.putObject(key);
    }

    private static void putIfNotNull(ObjectNode n, String key, String value) {
        if (value != null) {
            n.put(key, value);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static <T> T orDefault(T v, T d) {
        return v == null ? d : v;
    }
}
