package io.ftfleet.bot.config;

import java.math.BigDecimal;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the server knows about a bot at registry time (no secrets, no runtime values).
 *
 * <p>Nullable components fall back to the defaults documented on {@link FreqtradeConfigGenerator}.
 *
 * @param name              bot name; written as {@code bot_name}
 * @param exchange          ccxt exchange id, written as {@code exchange.name}
 * @param tradingMode       spot / margin / futures ({@code null} = spot)
 * @param marginMode        cross / isolated; required by Freqtrade for margin and futures
 * @param dryRun            {@code null} = true
 * @param dryRunWallet      simulated starting balance ({@code null} = 1000)
 * @param timeframe         e.g. {@code 5m} ({@code null} = 5m)
 * @param pairWhitelist     {@code exchange.pair_whitelist} (StaticPairList needs it non-empty)
 * @param pairBlacklist     {@code exchange.pair_blacklist} ({@code null} = [])
 * @param stakeCurrency     e.g. {@code USDT}
 * @param stakeAmount       fixed amount or unlimited
 * @param maxOpenTrades     &ge; -1, -1 = unlimited
 * @param strategyClassName strategy class name ({@code strategy} key / {@code --strategy})
 * @param freqai            optional FreqAI settings; {@code null} = no {@code freqai} section
 * @param overrides         optional JSON object deep-merged on top of the generated config
 */
public record BotConfigInput(
        String name,
        String exchange,
        TradingMode tradingMode,
        MarginMode marginMode,
        Boolean dryRun,
        BigDecimal dryRunWallet,
        String timeframe,
        List<String> pairWhitelist,
        List<String> pairBlacklist,
        String stakeCurrency,
        StakeAmount stakeAmount,
        Integer maxOpenTrades,
        String strategyClassName,
        FreqaiSettings freqai,
        ObjectNode overrides) {

    public BotConfigInput {
        pairWhitelist = pairWhitelist == null ? null : List.copyOf(pairWhitelist);
        pairBlacklist = pairBlacklist == null ? null : List.copyOf(pairBlacklist);
        overrides = overrides == null ? null : overrides.deepCopy();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * FreqAI settings of a bot (contract 5.3). Nullable components get the defaults of
     * Freqtrade's {@code config_freqai.example.json}; {@code identifier} defaults to
     * {@code freqai_<bot name>} (one model folder per bot, contract 9.1).
     *
     * @param freqaiModel model class, written as top-level {@code freqaimodel} (Freqtrade has no default)
     */
    public record FreqaiSettings(
            String identifier,
            String freqaiModel,
            Integer trainPeriodDays,
            BigDecimal backtestPeriodDays,
            BigDecimal liveRetrainHours,
            BigDecimal expirationHours,
            List<String> includeTimeframes,
            List<String> includeCorrPairlist,
            Integer labelPeriodCandles,
            Integer includeShiftedCandles,
            List<Integer> indicatorPeriodsCandles,
            BigDecimal diThreshold,
            BigDecimal weightFactor,
            BigDecimal testSize,
            Integer randomState,
            ObjectNode modelTrainingParameters) {

        public FreqaiSettings {
            includeTimeframes = includeTimeframes == null ? null : List.copyOf(includeTimeframes);
            includeCorrPairlist = includeCorrPairlist == null ? null : List.copyOf(includeCorrPairlist);
            indicatorPeriodsCandles = indicatorPeriodsCandles == null ? null : List.copyOf(indicatorPeriodsCandles);
            modelTrainingParameters = modelTrainingParameters == null ? null : modelTrainingParameters.deepCopy();
        }

        /** Settings with only the model class and the feature timeframes/pairs; everything else defaulted. */
        public static FreqaiSettings of(String freqaiModel, List<String> includeTimeframes,
                                        List<String> includeCorrPairlist) {
            return new FreqaiSettings(null, freqaiModel, null, null, null, null, includeTimeframes,
                    includeCorrPairlist, null, null, null, null, null, null, null, null);
        }
    }

    /** Mutable builder; {@link #build()} creates the immutable record. */
    public static final class Builder {
        private String name;
        private String exchange;
        private TradingMode tradingMode;
        private MarginMode marginMode;
        private Boolean dryRun;
        private BigDecimal dryRunWallet;
        private String timeframe;
        private List<String> pairWhitelist;
        private List<String> pairBlacklist;
        private String stakeCurrency;
        private StakeAmount stakeAmount;
        private Integer maxOpenTrades;
        private String strategyClassName;
        private FreqaiSettings freqai;
        private ObjectNode overrides;

        public Builder name(String v) { this.name = v; return this; }
        public Builder exchange(String v) { this.exchange = v; return this; }
        public Builder tradingMode(TradingMode v) { this.tradingMode = v; return this; }
        public Builder marginMode(MarginMode v) { this.marginMode = v; return this; }
        public Builder dryRun(Boolean v) { this.dryRun = v; return this; }
        public Builder dryRunWallet(BigDecimal v) { this.dryRunWallet = v; return this; }
        public Builder timeframe(String v) { this.timeframe = v; return this; }
        public Builder pairWhitelist(List<String> v) { this.pairWhitelist = v; return this; }
        public Builder pairBlacklist(List<String> v) { this.pairBlacklist = v; return this; }
        public Builder stakeCurrency(String v) { this.stakeCurrency = v; return this; }
        public Builder stakeAmount(StakeAmount v) { this.stakeAmount = v; return this; }
        public Builder maxOpenTrades(Integer v) { this.maxOpenTrades = v; return this; }
        public Builder strategyClassName(String v) { this.strategyClassName = v; return this; }
        public Builder freqai(FreqaiSettings v) { this.freqai = v; return this; }
        public Builder overrides(ObjectNode v) { this.overrides = v; return this; }

        public BotConfigInput build() {
            return new BotConfigInput(name, exchange, tradingMode, marginMode, dryRun, dryRunWallet, timeframe,
                    pairWhitelist, pairBlacklist, stakeCurrency, stakeAmount, maxOpenTrades, strategyClassName,
                    freqai, overrides);
        }
    }
}
