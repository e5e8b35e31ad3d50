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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ftfleet.analytics.ClosedTrade.Group;
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

    Map<String, Object> performance(Scope.Bots scope, String timeframeParam, String topParam) {
        String timeframe = timeframeParam == null || timeframeParam.isBlank() ? "24h" : timeframeParam;
        Duration window = TIMEFRAMES.get(timeframe);
        if (window == null) {
            throw ApiException.invalidField("timeframe", "must be one of 1h, 24h, 7d, 30d");
        }
        int top = parseInt("top", topParam, DEFAULT_TOP, 1, 100);
        Instant now = Instant.now();
        Instant from = now.minus(window);
        List<ClosedTrade> trades = ledger.closedTrades(scope.ids(), from.toEpochMilli());
        Map<String, Object> data = performanceData(scope, trades, top);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", data);
        out.put("timeframe", timeframe);
        out.put("bot_id", scope.botId());
        out.put("from", from.toString());
        out.put("to", now.toString());
        out.put("timestamp", naiveUtcNow());
        return out;
    }

    Map<String, Object> performanceData(Scope.Bots scope, List<ClosedTrade> trades, int top) {
        Stats.Summary all = Stats.summarize(trades);
        Map<String, Object> data = new LinkedHashMap<>();
        // the original's keys: counts and ratios, which mean the same in every currency
        data.put("total_trades", all.trades());
        data.put("profitable_trades", all.wins());
        data.put("losing_trades", all.losses());
        data.put("win_rate", all.winRate());
        data.put("avg_profit", all.avgProfitRatio() * 100);
        List<Map<String, Object>> groups = new ArrayList<>();
        Map<Long, BotSummary> bots = scope.byId();
        groupBy(trades).forEach((group, inGroup) -> {
            Map<String, Object> g = groupHead(group);
            putSummary(g, Stats.summarize(inGroup));
            List<Map<String, Object>> ranked = rankBots(inGroup, bots);
            g.put("bots", ranked.size());
            g.put("top_bots", ranked.subList(0, Math.min(top, ranked.size())));
            List<Map<String, Object>> bottom = new ArrayList<>(ranked.subList(Math.max(0, ranked.size() - top),
                    ranked.size()));
            java.util.Collections.reverse(bottom);
            g.put("bottom_bots", bottom);
            g.put("pairs", pairs(inGroup));
            groups.add(g);
        });
        data.put("groups", groups);
        return data;
    }

    private static List<Map<String, Object>> rankBots(List<ClosedTrade> trades, Map<Long, BotSummary> bots) {
        Map<Long, List<ClosedTrade>> byBot = new TreeMap<>();
        trades.forEach(t -> byBot.computeIfAbsent(t.botId(), k -> new ArrayList<>()).add(t));
        List<Map<String, Object>> out = new ArrayList<>();
        byBot.forEach((botId, list) -> {
            Stats.Summary s = Stats.summarize(list);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bot_id", botId);
            BotSummary bot = bots.get(botId);
            m.put("name", bot == null ? null : bot.name());
            m.put("trades", s.trades());
            m.put("profit_abs", s.profitAbs());
            m.put("win_rate", s.winRate());
            out.add(m);
        });
        out.sort(Comparator.comparingDouble((Map<String, Object> m) -> (double) m.get("profit_abs")).reversed()
                .thenComparingLong(m -> (long) m.get("bot_id")));
        return out;
    }

    private static List<Map<String, Object>> pairs(List<ClosedTrade> trades) {
        Map<String, List<ClosedTrade>> byPair = new TreeMap<>();
        trades.forEach(t -> byPair.computeIfAbsent(t.pair(), k -> new ArrayList<>()).add(t));
        List<Map<String, Object>> out = new ArrayList<>();
        byPair.forEach((pair, list) -> {
            Stats.Summary s = Stats.summarize(list);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pair", pair);
            m.put("trades", s.trades());
            m.put("bots", list.stream().map(ClosedTrade::botId).distinct().count());
            m.put("profit_abs", s.profitAbs());
            m.put("avg_profit_ratio", s.avgProfitRatio());
            m.put("win_rate", s.winRate());
            out.add(m);
        });
        out.sort(Comparator.comparingDouble((Map<String, Object> m) -> (double) m.get("profit_abs")).reversed()
                .thenComparing(m -> (String) m.get("pair")));
        return out;
    }

    // ---- N3 profit -----------------------------------------------------------------------------------------------

    Map<String, Object> profit(Scope.Bots scope, String periodParam, String reportingParam) {
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
        List<Map<String, Object>> totals = new ArrayList<>();
        groupBy(trades).forEach((group, inGroup) -> {
            Stats.Summary s = Stats.summarize(inGroup);
            amounts.put(group, s.profitAbs());
            Map<String, Object> g = groupHead(group);
            g.put("trades", s.trades());
            g.put("profit_abs", s.profitAbs());
            putConverted(g, s.profitAbs(), group.stakeCurrency(), reporting, known);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Stats.PeriodProfit row : Stats.byPeriod(inGroup, p)) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("period_start", row.start().toString());
                r.put("profit_abs", row.profitAbs());
                r.put("trades", row.trades());
                rows.add(r);
            }
            g.put("by_period", rows);
            totals.add(g);
        });
        Map<String, Object> data = new LinkedHashMap<>();
        singleGroupValue(data, "total_profit", amounts);
        data.put("totals", totals);
        data.put("converted", converted(amounts, reporting, known));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", data);
        out.put("period", p.name().toLowerCase(Locale.ROOT));
        out.put("bot_id", scope.botId());
        out.put("reporting_currency", reporting);
        out.put("timestamp", naiveUtcNow());
        return out;
    }

    // ---- N4 risk -------------------------------------------------------------------------------------------------

    Map<String, Object> risk(Scope.Bots scope) {
        List<ClosedTrade> trades = ledger.closedTrades(scope.ids(), 0);
        Map<Long, TradeLedger.SyncState> states = ledger.states(scope.ids());
        Map<Long, BotSummary> bots = scope.byId();
        List<Map<String, Object>> groups = new ArrayList<>();
        double worst = 0;
        for (Map.Entry<Group, List<ClosedTrade>> e : groupBy(trades).entrySet()) {
            List<ClosedTrade> inGroup = e.getValue();
            Map<Long, List<ClosedTrade>> byBot = new TreeMap<>();
            inGroup.forEach(t -> byBot.computeIfAbsent(t.botId(), k -> new ArrayList<>()).add(t));
            Double start = 0.0;
            List<Map<String, Object>> perBot = new ArrayList<>();
            for (Map.Entry<Long, List<ClosedTrade>> b : byBot.entrySet()) {
                Double botStart = Optional.ofNullable(states.get(b.getKey()))
                        .map(TradeLedger.SyncState::startingBalance).orElse(null);
                start = start == null || botStart == null ? null : start + botStart;
                Stats.Drawdown dd = Stats.drawdown(b.getValue(), botStart);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("bot_id", b.getKey());
                BotSummary bot = bots.get(b.getKey());
                m.put("name", bot == null ? null : bot.name());
                m.put("starting_balance", botStart);
                putDrawdown(m, dd);
                perBot.add(m);
            }
            Stats.Drawdown dd = Stats.drawdown(inGroup, start);
            Map<String, Object> g = groupHead(e.getKey());
            g.put("trades", inGroup.size());
            g.put("starting_balance", start);
            putDrawdown(g, dd);
            g.put("bots", perBot);
            groups.add(g);
            if (dd.relative() != null) {
                worst = Math.max(worst, dd.relative());
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("max_drawdown", worst);
        data.put("groups", groups);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", data);
        out.put("max_drawdown", worst);
        out.put("bot_id", scope.botId());
        out.put("timestamp", naiveUtcNow());
        return out;
    }

    private static void putDrawdown(Map<String, Object> m, Stats.Drawdown dd) {
        m.put("max_drawdown_abs", dd.abs());
        m.put("max_drawdown_relative", dd.relative());
        m.put("drawdown_high_at", dd.highAt() == null ? null : dd.highAt().toString());
        m.put("drawdown_low_at", dd.lowAt() == null ? null : dd.lowAt().toString());
    }

    // ---- N6 portfolio --------------------------------------------------------------------------------------------

    Map<String, Object> portfolio(Scope.Bots scope, String reportingParam) {
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
        List<Map<String, Object>> assets = new ArrayList<>();
        List<Map<String, Object>> pnl = new ArrayList<>();
        byGroup.forEach((group, figures) -> {
            double total = figures.stream().mapToDouble(LiveFigures.Figures::balanceTotal).sum();
            double start = figures.stream().mapToDouble(LiveFigures.Figures::startingBalance).sum();
            values.put(group, total);
            Map<String, Object> g = groupHead(group);
            g.put("bots", figures.size());
            g.put("balance_total", total);
            g.put("starting_balance", start);
            g.put("closed_profit", closedProfit.getOrDefault(group, 0.0));
            g.put("as_of", figures.stream().map(LiveFigures.Figures::at).min(Comparator.naturalOrder())
                    .map(Instant::toString).orElse(null));
            putConverted(g, total, group.stakeCurrency(), reporting, known);
            assets.add(g);
            Map<String, Object> p = groupHead(group);
            p.put("profit_abs", closedProfit.getOrDefault(group, 0.0));
            pnl.add(p);
        });
        Map<String, Object> data = new LinkedHashMap<>();
        singleGroupValue(data, "portfolio_value", values);
        data.put("assets", assets);
        data.put("pnl", pnl);
        data.put("converted", converted(values, reporting, known));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", data);
        out.put("portfolio_value", data.get("portfolio_value"));
        out.put("assets", assets);
        out.put("pnl", pnl);
        out.put("reporting_currency", reporting);
        out.put("timestamp", naiveUtcNow());
        return out;
    }

    // ---- equity curves -------------------------------------------------------------------------------------------

    Map<String, Object> equity(Scope.Bots scope, String fromParam, String toParam, String stepParam) {
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
        List<Map<String, Object>> fleet = new ArrayList<>();
        groupBy(trades).forEach((group, inGroup) -> {
            Map<String, Object> g = groupHead(group);
            Set<Long> ids = new HashSet<>();
            inGroup.forEach(t -> ids.add(t.botId()));
            Double start = 0.0;
            for (long id : ids) {
                Double s = Optional.ofNullable(states.get(id)).map(TradeLedger.SyncState::startingBalance).orElse(null);
                start = start == null || s == null ? null : start + s;
            }
            g.put("starting_balance", start);
            g.put("points", points(Stats.equityCurve(inGroup, from, to, step), start));
            fleet.add(g);
        });
        List<Map<String, Object>> perBot = new ArrayList<>();
        Map<Long, List<ClosedTrade>> byBot = new TreeMap<>();
        trades.forEach(t -> byBot.computeIfAbsent(t.botId(), k -> new ArrayList<>()).add(t));
        for (BotSummary bot : scope.bots()) {
            List<ClosedTrade> list = byBot.getOrDefault(bot.id(), List.of());
            Double start = Optional.ofNullable(states.get(bot.id())).map(TradeLedger.SyncState::startingBalance)
                    .orElse(null);
            // one bot may have traded in one currency and mode only; its curve is in that group
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("bot_id", bot.id());
            b.put("name", bot.name());
            Set<Group> groups = new HashSet<>();
            list.forEach(t -> groups.add(t.group()));
            if (groups.size() > 1) {
                continue; // its stake currency or mode changed; its trades still count in the fleet groups
            }
            Group group = groups.isEmpty() ? live.get(bot.id()).map(f -> new Group(f.stakeCurrency(), f.dryRun()))
                    .orElse(new Group(bot.stakeCurrency(), bot.dryRun())) : groups.iterator().next();
            b.putAll(groupHead(group));
            b.put("starting_balance", start);
            b.put("points", points(Stats.equityCurve(list, from, to, step), start));
            perBot.add(b);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("step_seconds", step.toSeconds());
        out.put("bot_id", scope.botId());
        out.put("fleet", fleet);
        out.put("bots", perBot);
        out.put("timestamp", naiveUtcNow());
        return out;
    }

    private static List<Map<String, Object>> points(List<Stats.Point> points, Double start) {
        List<Map<String, Object>> out = new ArrayList<>(points.size());
        for (Stats.Point p : points) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", p.at().toString());
            m.put("cumulative_profit", p.cumulativeProfit());
            m.put("equity", start == null ? null : start + p.cumulativeProfit());
            m.put("trades", p.trades());
            out.add(m);
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
    Map<String, Object> botStatistics(Scope.Bots scope, Map<String, Long> statusDistribution) {
        List<ClosedTrade> trades = ledger.closedTrades(scope.ids(), 0);
        Map<Long, TradeLedger.SyncState> states = ledger.states(scope.ids());
        List<Map<String, Object>> profit = new ArrayList<>();
        List<Map<String, Object>> risk = new ArrayList<>();
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
            Map<String, Object> p = groupHead(group);
            p.put("bots", profits.size());
            p.put("total_profit", perBot.getSum());
            p.put("avg_profit", perBot.getAverage());
            p.put("max_profit", perBot.getMax());
            p.put("min_profit", perBot.getMin());
            profit.add(p);
            DoubleSummaryStatistics dd = drawdowns.stream().mapToDouble(Double::doubleValue).summaryStatistics();
            Map<String, Object> r = groupHead(group);
            r.put("bots", drawdowns.size());
            // no bot of the group has a known starting balance: its drawdown is unknown (null), not 0
            r.put("avg_drawdown", dd.getCount() == 0 ? null : dd.getAverage());
            r.put("max_drawdown", dd.getCount() == 0 ? null : dd.getMax());
            risk.add(r);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_bots", scope.bots().size());
        out.put("status_distribution", statusDistribution);
        out.put("closed_trades", trades.size());
        out.put("profit_stats", profit);
        out.put("risk_stats", risk);
        return out;
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

    static Map<String, Object> groupHead(Group group) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("stake_currency", group.stakeCurrency());
        g.put("dry_run", group.dryRun());
        g.put("mode", group.mode());
        return g;
    }

    private static void putSummary(Map<String, Object> g, Stats.Summary s) {
        g.put("trades", s.trades());
        g.put("winning_trades", s.wins());
        g.put("losing_trades", s.losses());
        g.put("draw_trades", s.draws());
        g.put("win_rate", s.winRate());
        g.put("profit_abs", s.profitAbs());
        g.put("gross_profit", s.grossProfit());
        g.put("gross_loss", s.grossLoss());
        g.put("profit_factor", s.profitFactor());
        g.put("expectancy", s.expectancy());
        g.put("avg_profit_ratio", s.avgProfitRatio());
    }

    /**
     * The original's single number ({@code total_profit}, {@code portfolio_value}) is only honest when every amount is
     * in one currency and one mode: then it is that amount; with nothing, 0; otherwise it is null and
     * {@code <key>_note} says where the grouped figures are.
     */
    private static void singleGroupValue(Map<String, Object> data, String key, Map<Group, Double> amounts) {
        if (amounts.size() <= 1) {
            data.put(key, amounts.values().stream().findFirst().orElse(0.0));
        } else {
            data.put(key, null);
            data.put(key + "_note", "amounts are in several stake currencies or modes; see the grouped figures");
        }
    }

    private void putConverted(Map<String, Object> g, double amount, String currency, String reporting,
            Map<String, Rates.Rate> known) {
        rates.rate(known, currency).ifPresent(rate -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("currency", reporting);
            c.put("value", amount * rate.rate());
            c.put("rate", rate.rate());
            c.put("rate_source", rate.source());
            c.put("rate_at", rate.at().toString());
            g.put("converted", c);
        });
    }

    /** Per mode: the total in the reporting currency when every currency has a rate, else which currencies lack one. */
    private List<Map<String, Object>> converted(Map<Group, Double> amounts, String reporting,
            Map<String, Rates.Rate> known) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (boolean dry : new boolean[] { false, true }) {
            double total = 0;
            List<String> missing = new ArrayList<>();
            List<Map<String, Object>> used = new ArrayList<>();
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
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("from", e.getKey().stakeCurrency());
                r.put("rate", rate.get().rate());
                r.put("source", rate.get().source());
                r.put("at", rate.get().at().toString());
                used.add(r);
            }
            if (!any) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", dry ? "dry_run" : "live");
            m.put("dry_run", dry);
            m.put("currency", reporting);
            if (missing.isEmpty()) {
                m.put("total", total);
            }
            m.put("unconverted_currencies", missing);
            m.put("rates", used);
            out.add(m);
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
