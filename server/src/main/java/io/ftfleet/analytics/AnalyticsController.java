package io.ftfleet.analytics;

import io.ftfleet.analytics.AnalyticsAnswers.DashboardAnswer;
import io.ftfleet.analytics.AnalyticsAnswers.EquityAnswer;
import io.ftfleet.analytics.AnalyticsAnswers.LivenessAnswer;
import io.ftfleet.analytics.AnalyticsAnswers.MarketAnswer;
import io.ftfleet.analytics.AnalyticsAnswers.PerformanceAnswer;
import io.ftfleet.analytics.AnalyticsAnswers.PortfolioAnswer;
import io.ftfleet.analytics.AnalyticsAnswers.ProfitAnswer;
import io.ftfleet.analytics.AnalyticsAnswers.RiskAnswer;
import io.ftfleet.user.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The original's analytics routes (spec 2.8), computed from the closed-trades ledger and the bots' last reported
 * figures; never calls a bot. Users see their own bots, admins all; another user's {@code bot_id} is a 404.
 */
@RestController
@RequestMapping("/api/v1/analytics")
@Tag(name = "analytics")
class AnalyticsController {

    private final Scope scope;
    private final FleetAnalytics analytics;
    private final MarketPrices market;
    private final AnswerCache cache;

    AnalyticsController(Scope scope, FleetAnalytics analytics, MarketPrices market, AnswerCache cache) {
        this.scope = scope;
        this.analytics = analytics;
        this.market = market;
        this.cache = cache;
    }

    /** Cache key: who sees what (admins share one scope) plus the route and its parameters. */
    private static String key(CurrentUser user, String route, String... params) {
        return (user.isAdmin() ? "admin" : "user:" + user.id()) + "|" + route + "|" + String.join("|",
                java.util.Arrays.stream(params).map(p -> p == null ? "" : p).toList());
    }

    @Operation(summary = "Liveness of the analytics routes (the original's test route)")
    @GetMapping("/test")
    LivenessAnswer test() {
        return LivenessAnswer.OK;
    }

    @Operation(summary = "Win rate, profit factor, expectancy, per-pair and top/bottom bots over closed trades of the "
            + "timeframe (1h|24h|7d|30d), per stake currency and mode")
    @GetMapping("/performance")
    PerformanceAnswer performance(@AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "bot_id", required = false) String botId,
            @RequestParam(required = false) String timeframe, @RequestParam(required = false) String top) {
        return cache.get(key(user, "performance", botId, timeframe, top),
                () -> analytics.performance(scope.of(user, botId), timeframe, top));
    }

    @Operation(summary = "Closed profit per stake currency and mode, grouped by period (hourly|daily|weekly|monthly), "
            + "with converted totals where rates are known")
    @GetMapping("/profit")
    ProfitAnswer profit(@AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "bot_id", required = false) String botId,
            @RequestParam(required = false) String period,
            @RequestParam(name = "reporting_currency", required = false) String reportingCurrency) {
        return cache.get(key(user, "profit", botId, period, reportingCurrency),
                () -> analytics.profit(scope.of(user, botId), period, reportingCurrency));
    }

    @Operation(summary = "Max drawdown of the cumulative closed profit, per stake currency and mode and per bot")
    @GetMapping("/risk")
    RiskAnswer risk(@AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "bot_id", required = false) String botId) {
        return cache.get(key(user, "risk", botId), () -> analytics.risk(scope.of(user, botId)));
    }

    @Operation(summary = "Balances per stake currency and mode, with converted totals where rates are known")
    @GetMapping("/portfolio")
    PortfolioAnswer portfolio(@AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "reporting_currency", required = false) String reportingCurrency) {
        return cache.get(key(user, "portfolio", reportingCurrency),
                () -> analytics.portfolio(scope.of(user, null), reportingCurrency));
    }

    @Operation(summary = "A coin's price as the bots last reported it (no internet call); 404 when no bot has it")
    @GetMapping("/market")
    MarketAnswer market(@AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) String symbol) {
        return market.market(symbol);
    }

    @Operation(summary = "Equity curves (cumulative closed profit) per bot and per stake currency and mode, "
            + "from..to every step")
    @GetMapping("/equity")
    EquityAnswer equity(@AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "bot_id", required = false) String botId,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String step) {
        // without an explicit "to" the range ends now; a short reuse is still the same curve give or take the TTL
        return cache.get(key(user, "equity", botId, from, to, step),
                () -> analytics.equity(scope.of(user, botId), from, to, step));
    }

    @Operation(summary = "Performance (all closed trades), profit, risk and portfolio in one answer")
    @GetMapping("/dashboard")
    DashboardAnswer dashboard(@AuthenticationPrincipal CurrentUser user) {
        return cache.get(key(user, "dashboard"), () -> dashboardOf(user));
    }

    private DashboardAnswer dashboardOf(CurrentUser user) {
        Scope.Bots bots = scope.of(user, null);
        return new DashboardAnswer(analytics.performance(bots, "30d", null).data(),
                analytics.profit(bots, "daily", null).data(), analytics.risk(bots).data(),
                analytics.portfolio(bots, null).data(), FleetAnalytics.naiveUtcNow());
    }
}
