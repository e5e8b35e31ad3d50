package io.ftfleet.analytics;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The analytics routes' answers (spec 2.8), written snake_case in declaration order. Each grouped figure starts with
 * its group ({@code stake_currency}, {@code dry_run}, {@code mode}). A key that is absent rather than null on the wire
 * (a conversion without a rate, a note that only exists with several groups) is {@code NON_NULL}.
 */
final class AnalyticsAnswers {

    private AnalyticsAnswers() {
    }

    /** The original's liveness route: {@code status} first, as it was served. */
    record LivenessAnswer(String status, String message) {
        static final LivenessAnswer OK = new LivenessAnswer("ok", "Test endpoint works");
    }

    // ---- performance ---------------------------------------------------------------------------------------------

    record PerformanceAnswer(PerformanceData data, String timeframe, Long botId, String from, String to,
            String timestamp) {
    }

    /** The original's counts and ratios (the same in every currency), then the figures per group. */
    record PerformanceData(int totalTrades, int profitableTrades, int losingTrades, double winRate, double avgProfit,
            List<PerformanceGroup> groups) {
    }

    record PerformanceGroup(String stakeCurrency, boolean dryRun, String mode, int trades, int winningTrades,
            int losingTrades, int drawTrades, double winRate, double profitAbs, double grossProfit, double grossLoss,
            Double profitFactor, double expectancy, double avgProfitRatio, int bots, List<RankedBot> topBots,
            List<RankedBot> bottomBots, List<TradedPair> pairs) {
    }

    record RankedBot(long botId, String name, int trades, double profitAbs, double winRate) {
    }

    record TradedPair(String pair, int trades, long bots, double profitAbs, double avgProfitRatio, double winRate) {
    }

    // ---- profit --------------------------------------------------------------------------------------------------

    record ProfitAnswer(ProfitData data, String period, Long botId, String reportingCurrency, String timestamp) {
    }

    record ProfitData(Double totalProfit, @JsonInclude(JsonInclude.Include.NON_NULL) String totalProfitNote,
            List<ProfitGroup> totals, List<ModeTotal> converted) {
    }

    record ProfitGroup(String stakeCurrency, boolean dryRun, String mode, int trades, double profitAbs,
            @JsonInclude(JsonInclude.Include.NON_NULL) ConvertedAmount converted, List<PeriodProfitRow> byPeriod) {
    }

    record PeriodProfitRow(String periodStart, double profitAbs, int trades) {
    }

    /** One group's amount in the reporting currency; absent when its currency has no known rate. */
    record ConvertedAmount(String currency, double value, double rate, String rateSource, String rateAt) {
    }

    /** Per mode: {@code total} only when every currency of the mode has a rate. */
    record ModeTotal(String mode, boolean dryRun, String currency, @JsonInclude(JsonInclude.Include.NON_NULL) Double total,
            List<String> unconvertedCurrencies, List<RateUsed> rates) {
    }

    record RateUsed(String from, double rate, String source, String at) {
    }

    // ---- risk ----------------------------------------------------------------------------------------------------

    record RiskAnswer(RiskData data, double maxDrawdown, Long botId, String timestamp) {
    }

    record RiskData(double maxDrawdown, List<RiskGroup> groups) {
    }

    record RiskGroup(String stakeCurrency, boolean dryRun, String mode, int trades, Double startingBalance,
            double maxDrawdownAbs, Double maxDrawdownRelative, String drawdownHighAt, String drawdownLowAt,
            List<BotRisk> bots) {
    }

    record BotRisk(long botId, String name, Double startingBalance, double maxDrawdownAbs, Double maxDrawdownRelative,
            String drawdownHighAt, String drawdownLowAt) {
    }

    // ---- portfolio -----------------------------------------------------------------------------------------------

    /** The original's {@code data.portfolio_value}, with the grouped figures also at the top level. */
    record PortfolioAnswer(PortfolioData data, Double portfolioValue, List<PortfolioAsset> assets, List<GroupPnl> pnl,
            String reportingCurrency, String timestamp) {
    }

    record PortfolioData(Double portfolioValue,
            @JsonInclude(JsonInclude.Include.NON_NULL) String portfolioValueNote, List<PortfolioAsset> assets,
            List<GroupPnl> pnl, List<ModeTotal> converted) {
    }

    record PortfolioAsset(String stakeCurrency, boolean dryRun, String mode, int bots, double balanceTotal,
            double startingBalance, double closedProfit, String asOf,
            @JsonInclude(JsonInclude.Include.NON_NULL) ConvertedAmount converted) {
    }

    record GroupPnl(String stakeCurrency, boolean dryRun, String mode, double profitAbs) {
    }

    // ---- equity --------------------------------------------------------------------------------------------------

    record EquityAnswer(String from, String to, long stepSeconds, Long botId, List<GroupCurve> fleet,
            List<BotCurve> bots, String timestamp) {
    }

    record GroupCurve(String stakeCurrency, boolean dryRun, String mode, Double startingBalance,
            List<EquityPoint> points) {
    }

    record BotCurve(long botId, String name, String stakeCurrency, boolean dryRun, String mode, Double startingBalance,
            List<EquityPoint> points) {
    }

    /** {@code equity} is the starting balance plus the cumulative profit, null while the start is unknown. */
    record EquityPoint(String at, double cumulativeProfit, Double equity, int trades) {
    }

    // ---- dashboard and market ------------------------------------------------------------------------------------

    record DashboardAnswer(PerformanceData performance, ProfitData profit, RiskData risk, PortfolioData portfolio,
            String timestamp) {
    }

    /** The quote's keys at the top level (where the original's clients read them), then again under {@code data}. */
    record MarketAnswer(@JsonUnwrapped MarketQuote quote, MarketQuote data) {
    }

    /** {@code current_price_usd} (the original's key) exists only when the reporting currency is USD. */
    record MarketQuote(String symbol, String coin, String pair, double price, String quoteCurrency,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double currentPriceUsd,
            @JsonProperty("price_change_percentage_24h") Double priceChangePercentage24h, String marketSentiment,
            String source, String at) {
    }
}
