package io.ftfleet.freqtrade;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import tools.jackson.databind.JsonNode;

/**
 * {@code GET /show_config} (contract 1.6). Numbers the contract types as float are {@code double} even where they
 * look like counts ({@code max_open_trades} comes as {@code 1.0}, {@code -1} when unlimited). Open-ended config
 * blocks stay {@link JsonNode}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShowConfig(String version, String strategyVersion, double apiVersion, boolean dryRun,
        String tradingMode, boolean shortAllowed, String stakeCurrency, String stakeAmount, Double availableCapital,
        int stakeCurrencyDecimals, double maxOpenTrades, Map<String, Double> minimalRoi, Double stoploss,
        boolean stoplossOnExchange, Boolean trailingStop, Double trailingStopPositive,
        Double trailingStopPositiveOffset, Boolean trailingOnlyOffsetIsReached, UnfilledTimeout unfilledtimeout,
        JsonNode orderTypes, Boolean useCustomStoploss, String timeframe, long timeframeMs, int timeframeMin,
        String exchange, String strategy, boolean forceEntryEnable, JsonNode exitPricing, JsonNode entryPricing,
        String botName, String state, String runmode, boolean positionAdjustmentEnable,
        int maxEntryPositionAdjustment) {

    /** {@code state} is the bot's own word; unknown values (newer releases add {@code paused}) are kept as they are. */
    public boolean running() {
        return "running".equals(state);
    }

    /** Which stop/resume semantics this bot has, from this answer alone. */
    public FreqtradeGeneration generation() {
        return FreqtradeGeneration.of(state, version, apiVersion);
    }

    /**
     * Entries stopped, either generation: {@code paused} (2025.4+), or {@code running} with {@code max_open_trades}
     * 0 (a 2.40 stopentry, or a config written with 0).
     */
    public boolean entriesStopped() {
        return "paused".equals(state) || ("running".equals(state) && maxOpenTrades == 0);
    }

    public boolean unlimitedOpenTrades() {
        return maxOpenTrades < 0;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record UnfilledTimeout(Integer entry, Integer exit, String unit, Integer exitTimeoutCount) {
    }
}
