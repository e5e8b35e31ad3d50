package io.ftfleet.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ftfleet.analytics.AnalyticsAnswers.BotCurve;
import io.ftfleet.analytics.AnalyticsAnswers.BotRisk;
import io.ftfleet.analytics.AnalyticsAnswers.ConvertedAmount;
import io.ftfleet.analytics.AnalyticsAnswers.EquityAnswer;
import io.ftfleet.analytics.AnalyticsAnswers.EquityPoint;
import io.ftfleet.analytics.AnalyticsAnswers.GroupCurve;
import io.ftfleet.analytics.AnalyticsAnswers.GroupPnl;
import io.ftfleet.analytics.AnalyticsAnswers.ModeTotal;
import io.ftfleet.analytics.AnalyticsAnswers.PerformanceAnswer;
import io.ftfleet.analytics.AnalyticsAnswers.PerformanceData;
import io.ftfleet.analytics.AnalyticsAnswers.PerformanceGroup;
import io.ftfleet.analytics.AnalyticsAnswers.PeriodProfitRow;
import io.ftfleet.analytics.AnalyticsAnswers.PortfolioAnswer;
import io.ftfleet.analytics.AnalyticsAnswers.PortfolioAsset;
import io.ftfleet.analytics.AnalyticsAnswers.PortfolioData;
import io.ftfleet.analytics.AnalyticsAnswers.ProfitAnswer;
import io.ftfleet.analytics.AnalyticsAnswers.ProfitData;
import io.ftfleet.analytics.AnalyticsAnswers.ProfitGroup;
import io.ftfleet.analytics.AnalyticsAnswers.RankedBot;
import io.ftfleet.analytics.AnalyticsAnswers.RateUsed;
import io.ftfleet.analytics.AnalyticsAnswers.RiskAnswer;
import io.ftfleet.analytics.AnalyticsAnswers.RiskData;
import io.ftfleet.analytics.AnalyticsAnswers.RiskGroup;
import io.ftfleet.analytics.AnalyticsAnswers.TradedPair;
import io.ftfleet.analytics.ClosedTrade.Group;
import io.ftfleet.analytics.MonitoringAnswers.FleetBotStatistics;
import io.ftfleet.analytics.MonitoringAnswers.GroupProfitStats;
import io.ftfleet.analytics.MonitoringAnswers.GroupRiskStats;
import io.ftfleet.bot.BotDirectory.BotSummary;
import io.ftfleet.core.ApiException;

import org.springframework.stereotype.Service;

/**
 * Builds the analytics answers from the ledger and the bots' last reported figures. Every amount is computed within
 * one group (stake currency and mode); converted totals exist only where every part has a known rate.
 */
@Service
class FleetAnalytics {

    private static final Map<String, Duration> TIMEFRAMES = Map.of("1h", Duration.ofHours(1), "24h",
            Duration.ofHours(24), "7d", Duration.ofDays(7), "30d", Duration.ofDays(30));
    private static final Pattern STEP = Pattern.compile("(\\d{1,6})([smhdw])");
    private static final int MAX_POINTS = 5000;
    private static final int DEFAULT_TOP = 5;
    private static final Comparator<Group> GROUP_ORDER = Comparator.comparing(Group::stakeCurrency)
            .thenComparing(Group::dryRun);

    private final TradeLedger ledger;
    private final LiveFigures live;
    private final Rates rates;

    FleetAnalytics(TradeLedger ledger, LiveFigures live, Rates rates) {
        this.ledger = ledger;
        this.live = live;
        this.rates = rates;
    }

    static String naiveUtcNow() {
        return LocalDateTime.now(ZoneOffset.UTC).toString();
    }

    // ---- N2 performance ------------------------------------------------------------------------------------------

    PerformanceAnswer performance(Scope.Bots scope, String timeframeParam, String topParam) {
        String timeframe = timeframeParam == null || timeframeParam.isBlank() ? "24h" : timeframeParam;
        Duration window = TIMEFRAMES.get(timeframe);
        if (window == null) {
            throw ApiException.invalidField("timeframe", "must be one of 1h, 24h, 7d, 30d");
        }
        int top = parseInt("top", topParam, DEFAULT_TOP, 1, 100);
        Instant now = Instant.now();
        Instant from = now.minus(window);
        List<ClosedTrade> trades = ledger.closedTrades(scope.ids(), from.toEpochMilli());
        return new PerformanceAnswer(performanceData(scope, trades, top), timeframe, scope.botId(), from.toString(),
                now.toString(), naiveUtcNow());
    }

    PerformanceData performanceData(Scope.Bots scope, List<ClosedTrade> trades, int top) {
        Stats.Summary all = Stats.summarize(trades);
        List<PerformanceGroup> groups = new ArrayList<>();
        Map<Long, BotSummary> bots = scope.byId();
        groupBy(trades).forEach((group, inGroup) -> {
            Stats.Summary s = Stats.summarize(inGroup);
            List<RankedBot> ranked = rankBots(inGroup, bots);
            List<RankedBot> bottom = new ArrayList<>(ranked.subList(Math.max(0, ranked.size() - top),
                    ranked.size()));
            java.util.Collections.reverse(bottom);
            groups.add(new PerformanceGroup(group.stakeCurrency(), group.dryRun(), group.mode(), s.trades(), s.wins(),
                    s.losses(), s.draws(), s.winRate(), s.profitAbs(), s.grossProfit(), s.grossLoss(),
                    s.profitFactor(), s.expectancy(), s.avgProfitRatio(), ranked.size(),
                    ranked.subList(0, Math.min(top, ranked.size())), bottom, pairs(inGroup)));
        });
        // the original's keys first: counts and ratios, which mean the same in every currency
        return new PerformanceData(all.trades(), all.wins(), all.losses(), all.winRate(), all.avgProfitRatio() * 100,
                groups);
    }

    private static List<RankedBot> rankBots(List<ClosedTrade> trades, Map<Long, BotSummary> bots) {
        Map<Long, List<ClosedTrade>> byBot = new TreeMap<>();
        trades.forEach(t -> byBot.computeIfAbsent(t.botId(), k -> new ArrayList<>()).add(t));
        List<RankedBot> out = new ArrayList<>();
        byBot.forEach((botId, list) -> {
            Stats.Summary s = Stats.summarize(list);
            BotSummary bot = bots.get(botId);
            out.add(new RankedBot(botId, bot == null ? null : bot.name(), s.trades(), s.profitAbs(), s.winRate()));
        });
        out.sort(Comparator.comparingDouble(RankedBot::profitAbs).reversed().thenComparingLong(RankedBot::botId));
        return out;
    }

    private static List<TradedPair> pairs(List<ClosedTrade> trades) {
        Map<String, List<ClosedTrade>> byPair = new TreeMap<>();
        trades.forEach(t -> byPair.computeIfAbsent(t.pair(), k -> new ArrayList<>()).add(t));
        List<TradedPair> out = new ArrayList<>();
        byPair.forEach((pair, list) -> {
            Stats.Summary s = Stats.summarize(list);
            out.add(new TradedPair(pair, s.trades(), list.stream().map(ClosedTrade::botId).distinct().count(),
                    s.profitAbs(), s.avgProfitRatio(), s.winRate()));
        });
        out.sort(Comparator.comparingDouble(TradedPair::profitAbs).reversed().thenComparing(TradedPair::pair));
        return out;
    }

    // ---- N3 profit -----------------------------------------------------------------------------------------------

    ProfitAnswer profit(Scope.Bots scope, String periodParam, String reportingParam) {
        String period = periodParam == null || periodParam.isBlank() ? "daily" : periodParam;
        Stats.Period p;
        try {
            p = Stats.Period.parse(period);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("period", "must be one of hourly, daily, weekly, monthly");
        }
        String reporting = reportingCurrency(reportingParam);
        List<ClosedTrade> trades = ledger.closedTrades(scope.ids(), 0);
        Map<String, Rates.Rate> known = rates.into(reporting);
        Map<Group, Double> amounts = new TreeMap<>(GROUP_ORDER);
        List<ProfitGroup> totals = new ArrayList<>();
        groupBy(trades).forEach((group, inGroup) -> {
            Stats.Summary s = Stats.summarize(inGroup);
            amounts.put(group, s.profitAbs());
            List<PeriodProfitRow> rows = new ArrayList<>();
            for (Stats.PeriodProfit row : Stats.byPeriod(inGroup, p)) {
                rows.add(new PeriodProfitRow(row.start().toString(), row.profitAbs(), row.trades()));
            }
            totals.add(new ProfitGroup(group.stakeCurrency(), group.dryRun(), group.mode(), s.trades(), s.profitAbs(),
                    converted(s.profitAbs(), group.stakeCurrency(), reporting, known), rows));
        });
        SingleValue total = singleGroupValue(amounts);
        ProfitData data = new ProfitData(total.value(), total.note(), totals, converted(amounts, reporting, known));
        return new ProfitAnswer(data, p.name().toLowerCase(Locale.ROOT), scope.botId(), reporting, naiveUtcNow());
    }

    // ---- N4 risk -------------------------------------------------------------------------------------------------

    RiskAnswer risk(Scope.Bots scope) {
        List<ClosedTrade> trades = ledger.closedTrades(scope.ids(), 0);
        Map<Long, TradeLedger.SyncState> states = ledger.states(scope.ids());
        Map<Long, BotSummary> bots = scope.byId();
        List<RiskGroup> groups = new ArrayList<>();
        double worst = 0;
        for (Map.Entry<Group, List<ClosedTrade>> e : groupBy(trades).entrySet()) {
            List<ClosedTrade> inGroup = e.getValue();
            Map<Long, List<ClosedTrade>> byBot = new TreeMap<>();
            inGroup.forEach(t -> byBot.computeIfAbsent(t.botId(), k -> new ArrayList<>()).add(t));
            Double start = 0.0;
            List<BotRisk> perBot = new ArrayList<>();
            for (Map.Entry<Long, List<ClosedTrade>> b : byBot.entrySet()) {
                Double botStart = Optional.ofNullable(states.get(b.getKey()))
                        .map(TradeLedger.SyncState::startingBalance).orElse(null);
                start = start == null || botStart == null ? null : start + botStart;
                Stats.Drawdown dd = Stats.drawdown(b.getValue(), botStart);
                BotSummary bot = bots.get(b.getKey());
                perBot.add(new BotRisk(b.getKey(), bot == null ? null : bot.name(), botStart, dd.abs(), dd.relative(),
                        timeOrNull(dd.highAt()), timeOrNull(dd.lowAt())));
            }
            Stats.Drawdown dd = Stats.drawdown(inGroup, start);
            Group group = e.getKey();
            groups.add(new RiskGroup(group.stakeCurrency(), group.dryRun(), group.mode(), inGroup.size(), start,
                    dd.abs(), dd.relative(), timeOrNull(dd.highAt()), timeOrNull(dd.lowAt()), perBot));
            if (dd.relative() != null) {
                worst = Math.max(worst, dd.relative());
            }
        }
        return new RiskAnswer(new RiskData(worst, groups), worst, scope.botId(), naiveUtcNow());
    }

    private static String timeOrNull(Instant at) {
        return at == null ? null : at.toString();
    }

    // ---- N6 portfolio --------------------------------------------------------------------------------------------

    PortfolioAnswer portfolio(Scope.Bots scope, String reportingParam) {
        String reporting = reportingCurrency(reportingParam);
        Map<String, Rates.Rate> known = rates.into(reporting);
        Map<Group, List<LiveFigures.Figures>> byGroup = new TreeMap<>(GROUP_ORDER);
        for (long id : scope.ids()) {
            live.get(id).ifPresent(f -> byGroup.computeIfAbsent(new Group(f.stakeCurrency(), f.dryRun()),
                    k -> new ArrayList<>()).add(f));
        }
        Map<Group, Double> closedProfit = new HashMap<>();
        groupBy(ledger.closedTrades(scope.ids(), 0)).forEach((g, list) -> closedProfit.put(g,
                list.stream().mapToDouble(ClosedTrade::profitAbs).sum()));
        Map<Group, Double> values = new TreeMap<>(GROUP_ORDER);
        List<PortfolioAsset> assets = new ArrayList<>();
        List<GroupPnl> pnl = new ArrayList<>();
        byGroup.forEach((group, figures) -> {
            double total = figures.stream().mapToDouble(LiveFigures.Figures::balanceTotal).sum();
            double start = figures.stream().mapToDouble(LiveFigures.Figures::startingBalance).sum();
            values.put(group, total);
            double closed = closedProfit.getOrDefault(group, 0.0);
            String asOf = figures.stream().map(LiveFigures.Figures::at).min(Comparator.naturalOrder())
                    .map(Instant::toString).orElse(null);
            assets.add(new PortfolioAsset(group.stakeCurrency(), group.dryRun(), group.mode(), figures.size(), total,
                    start, closed, asOf, converted(total, group.stakeCurrency(), reporting, known)));
            pnl.add(new GroupPnl(group.stakeCurrency(), group.dryRun(), group.mode(), closed));
        });
        SingleValue value = singleGroupValue(values);
        PortfolioData data = new PortfolioData(value.value(), value.note(), assets, pnl,
                converted(values, reporting, known));
        return new PortfolioAnswer(data, value.value(), assets, pnl, reporting, naiveUtcNow());
    }

    // ---- equity curves -------------------------------------------------------------------------------------------

    EquityAnswer equity(Scope.Bots scope, String fromParam, String toParam, String stepParam) {
        Instant to = toParam == null || toParam.isBlank() ? Instant.now() : parseInstant("to", toParam);
        Instant from = fromParam == null || fromParam.isBlank() ? to.minus(Duration.ofDays(7))
                : parseInstant("from", fromParam);
        Duration step = stepParam == null || stepParam.isBlank() ? Duration.ofHours(1) : parseStep(stepParam);
        if (!from.isBefore(to)) {
            throw ApiException.invalidField("from", "must be before to");
        }
        if (Duration.between(from, to).dividedBy(step) >= MAX_POINTS) {
            throw ApiException.invalidField("step", "gives more than " + MAX_POINTS + " points; use a larger step");
        }
        List<ClosedTrade> trades = ledger.closedTrades(scope.ids(), 0);
        Map<Long, TradeLedger.SyncState> states = ledger.states(scope.ids());
        List<GroupCurve> fleet = new ArrayList<>();
        groupBy(trades).forEach((group, inGroup) -> {
            Set<Long> ids = new HashSet<>();
            inGroup.forEach(t -> ids.add(t.botId()));
            Double start = 0.0;
            for (long id : ids) {
                Double s = Optional.ofNullable(states.get(id)).map(TradeLedger.SyncState::startingBalance).orElse(null);
                start = start == null || s == null ? null : start + s;
            }
            fleet.add(new GroupCurve(group.stakeCurrency(), group.dryRun(), group.mode(), start,
                    points(Stats.equityCurve(inGroup, from, to, step), start)));
        });
        List<BotCurve> perBot = new ArrayList<>();
        Map<Long, List<ClosedTrade>> byBot = new TreeMap<>();
        trades.forEach(t -> byBot.computeIfAbsent(t.botId(), k -> new ArrayList<>()).add(t));
        for (BotSummary bot : scope.bots()) {
            List<ClosedTrade> list = byBot.getOrDefault(bot.id(), List.of());
            Double start = Optional.ofNullable(states.get(bot.id())).map(TradeLedger.SyncState::startingBalance)
                    .orElse(null);
            // one bot may have traded in one currency and mode only; its curve is in that group
            Set<Group> groups = new HashSet<>();
            list.forEach(t -> groups.add(t.group()));
            if (groups.size() > 1) {
                continue; // its stake currency or mode changed; its trades still count in the fleet groups
            }
            Group group = groups.isEmpty() ? live.get(bot.id()).map(f -> new Group(f.stakeCurrency(), f.dryRun()))
                    .orElse(new Group(bot.stakeCurrency(), bot.dryRun())) : groups.iterator().next();
            perBot.add(new BotCurve(bot.id(), bot.name(), group.stakeCurrency(), group.dryRun(), group.mode(), start,
                    points(Stats.equityCurve(list, from, to, step), start)));
        }
        return new EquityAnswer(from.toString(), to.toString(), step.toSeconds(), scope.botId(), fleet, perBot,
                naiveUtcNow());
    }

    private static List<EquityPoint> points(List<Stats.Point> points, Double start) {
        List<EquityPoint> out = new ArrayList<>(points.size());
        for (Stats.Point p : points) {
            out.add(new EquityPoint(p.at().toString(), p.cumulativeProfit(),
                    start == null ? null : start + p.cumulativeProfit(), p.trades()));
        }
        return out;
    }

    static Instant parseInstant(String field, String value) {
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value.trim()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw ApiException.invalidField(field, "must be an ISO-8601 time, e.g. 2026-11-24T10:00:00Z");
            }
        }
    }

    static Duration parseStep(String value) {
        Matcher m = STEP.matcher(value.trim().toLowerCase(Locale.ROOT));
        Duration step;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            step = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        } else {
            try {
                step = Duration.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw ApiException.invalidField("step", "must be like 30s, 15m, 1h, 1d, 1w or PT1H");
            }
        }
        if (step.compareTo(Duration.ofSeconds(1)) < 0) {
            throw ApiException.invalidField("step", "must be at least 1s");
        }
        return step;
    }

    // ---- monitoring bot statistics ---------------------------------------------------------------------------------

    /** Per group: closed profit per bot (total, mean, best, worst) and drawdown per bot (mean, worst). */
    FleetBotStatistics botStatistics(Scope.Bots scope, Map<String, Long> statusDistribution,
            Map<String, Long> pollStatusDistribution) {
        List<ClosedTrade> trades = ledger.closedTrades(scope.ids(), 0);
        Map<Long, TradeLedger.SyncState> states = ledger.states(scope.ids());
        List<GroupProfitStats> profit = new ArrayList<>();
        List<GroupRiskStats> risk = new ArrayList<>();
        groupBy(trades).forEach((group, inGroup) -> {
            Map<Long, List<ClosedTrade>> byBot = new TreeMap<>();
            inGroup.forEach(t -> byBot.computeIfAbsent(t.botId(), k -> new ArrayList<>()).add(t));
            List<Double> profits = new ArrayList<>();
            List<Double> drawdowns = new ArrayList<>();
            byBot.forEach((id, list) -> {
                profits.add(list.stream().mapToDouble(ClosedTrade::profitAbs).sum());
                Double start = Optional.ofNullable(states.get(id)).map(TradeLedger.SyncState::startingBalance)
                        .orElse(null);
                Double rel = Stats.drawdown(list, start).relative();
                if (rel != null) {
                    drawdowns.add(rel);
                }
            });
            // a group exists only with trades, so every group has a bot with a profit (never a statistic of nothing)
            DoubleSummaryStatistics perBot = profits.stream().mapToDouble(Double::doubleValue).summaryStatistics();
            profit.add(new GroupProfitStats(group.stakeCurrency(), group.dryRun(), group.mode(), profits.size(),
                    perBot.getSum(), perBot.getAverage(), perBot.getMax(), perBot.getMin()));
            DoubleSummaryStatistics dd = drawdowns.stream().mapToDouble(Double::doubleValue).summaryStatistics();
            // no bot of the group has a known starting balance: its drawdown is unknown (null), not 0
            risk.add(new GroupRiskStats(group.stakeCurrency(), group.dryRun(), group.mode(), drawdowns.size(),
                    dd.getCount() == 0 ? null : dd.getAverage(), dd.getCount() == 0 ? null : dd.getMax()));
        });
        return new FleetBotStatistics(scope.bots().size(), statusDistribution, trades.size(), profit, risk,
                pollStatusDistribution);
    }

    // ---- shared --------------------------------------------------------------------------------------------------

    String reportingCurrency(String param) {
        if (param == null || param.isBlank()) {
            return rates.defaultReportingCurrency();
        }
        if (!param.matches("[A-Za-z0-9]{2,16}")) {
            throw ApiException.invalidField("reporting_currency", "must be a currency code such as USDT");
        }
        return param.toUpperCase(Locale.ROOT);
    }

    static Map<Group, List<ClosedTrade>> groupBy(List<ClosedTrade> trades) {
        Map<Group, List<ClosedTrade>> out = new TreeMap<>(GROUP_ORDER);
        trades.forEach(t -> out.computeIfAbsent(t.group(), k -> new ArrayList<>()).add(t));
        return out;
    }

    /** A single figure and, when there is none that would be honest, the note saying why. */
    private record SingleValue(Double value, String note) {
    }

    /**
     * The original's single number ({@code total_profit}, {@code portfolio_value}) is only honest when every amount is
     * in one currency and one mode: then it is that amount; with nothing, 0; otherwise it is null and
     * {@code <key>_note} says where the grouped figures are.
     */
    private static SingleValue singleGroupValue(Map<Group, Double> amounts) {
        if (amounts.size() <= 1) {
            return new SingleValue(amounts.values().stream().findFirst().orElse(0.0), null);
        }
        return new SingleValue(null, "amounts are in several stake currencies or modes; see the grouped figures");
    }

    /** The amount in the reporting currency, or null (no {@code converted} key) when its currency has no rate. */
    private ConvertedAmount converted(double amount, String currency, String reporting, Map<String, Rates.Rate> known) {
        return rates.rate(known, currency).map(rate -> new ConvertedAmount(reporting, amount * rate.rate(),
                rate.rate(), rate.source(), rate.at().toString())).orElse(null);
    }

    /** Per mode: the total in the reporting currency when every currency has a rate, else which currencies lack one. */
    private List<ModeTotal> converted(Map<Group, Double> amounts, String reporting, Map<String, Rates.Rate> known) {
        List<ModeTotal> out = new ArrayList<>();
        for (boolean dry : new boolean[] { false, true }) {
            double total = 0;
            List<String> missing = new ArrayList<>();
            List<RateUsed> used = new ArrayList<>();
            boolean any = false;
            for (Map.Entry<Group, Double> e : amounts.entrySet()) {
                if (e.getKey().dryRun() != dry) {
                    continue;
                }
                any = true;
                Optional<Rates.Rate> rate = rates.rate(known, e.getKey().stakeCurrency());
                if (rate.isEmpty()) {
                    missing.add(e.getKey().stakeCurrency());
                    continue;
                }
                total += e.getValue() * rate.get().rate();
                used.add(new RateUsed(e.getKey().stakeCurrency(), rate.get().rate(), rate.get().source(),
                        rate.get().at().toString()));
            }
            if (!any) {
                continue;
            }
            out.add(new ModeTotal(dry ? "dry_run" : "live", dry, reporting, missing.isEmpty() ? total : null, missing,
                    used));
        }
        return out;
    }

    private static int parseInt(String field, String value, int def, int min, int max) {
        if (value == null || value.isBlank()) {
            return def;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw ApiException.invalidField(field, "must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.invalidField(field, "must be an integer");
        }
    }
}
