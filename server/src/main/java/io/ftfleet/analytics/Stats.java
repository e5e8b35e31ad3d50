package io.ftfleet.analytics;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trade statistics over closed trades of one currency group. Pure functions; callers pass trades of one stake
 * currency and one mode only (amounts are added here), in close order (ties by bot id, then trade id).
 */
final class Stats {

    private Stats() {
    }

    /**
     * @param winRate        percent of trades with a profit ({@code 0} without trades)
     * @param grossLoss      sum of losses, as a positive amount
     * @param profitFactor   gross profit / gross loss; {@code null} when there is no loss
     * @param expectancy     average profit per trade, in the stake currency (equals win rate x average win minus
     *                       loss rate x average loss)
     * @param avgProfitRatio mean of the trades' profit ratios
     */
    record Summary(int trades, int wins, int losses, int draws, double winRate, double profitAbs, double grossProfit,
            double grossLoss, Double profitFactor, double expectancy, double avgProfitRatio) {
    }

    static Summary summarize(List<ClosedTrade> trades) {
        int wins = 0;
        int losses = 0;
        double gross = 0;
        double loss = 0;
        double ratios = 0;
        double profit = 0;
        for (ClosedTrade t : trades) {
            profit += t.profitAbs();
            if (t.profitAbs() > 0) {
                wins++;
                gross += t.profitAbs();
            } else if (t.profitAbs() < 0) {
                losses++;
                loss -= t.profitAbs();
            }
            ratios += t.profitRatio();
        }
        int n = trades.size();
        return new Summary(n, wins, losses, n - wins - losses, n == 0 ? 0 : 100.0 * wins / n, profit, gross, loss,
                loss == 0 ? null : gross / loss, n == 0 ? 0 : profit / n, n == 0 ? 0 : ratios / n);
    }

    /**
     * Largest fall of the cumulative closed profit from its running high (which starts at 0, before the first trade).
     *
     * @param abs      in the stake currency
     * @param relative the largest fall relative to the balance at the high ({@code startingBalance + high}); null
     *                 when the starting balance is unknown
     * @param highAt   when the high before the largest absolute fall was reached (null: before the first trade)
     * @param lowAt    when that fall bottomed out
     */
    record Drawdown(double abs, Double relative, Instant highAt, Instant lowAt) {
    }

    static Drawdown drawdown(List<ClosedTrade> inCloseOrder, Double startingBalance) {
        double cumulative = 0;
        double high = 0;
        Instant highAt = null;
        double maxAbs = 0;
        double maxRel = 0;
        Instant maxHighAt = null;
        Instant maxLowAt = null;
        for (ClosedTrade t : inCloseOrder) {
            cumulative += t.profitAbs();
            if (cumulative > high) {
                high = cumulative;
                highAt = t.closeAt();
            }
            double fall = high - cumulative;
            if (fall > maxAbs) {
                maxAbs = fall;
                maxHighAt = highAt;
                maxLowAt = t.closeAt();
            }
            if (startingBalance != null && startingBalance + high > 0) {
                maxRel = Math.max(maxRel, fall / (startingBalance + high));
            }
        }
        return new Drawdown(maxAbs, startingBalance == null ? null : maxRel, maxHighAt, maxLowAt);
    }

    /** The cumulative closed profit at {@code at}: of every trade closed at or before it. */
    record Point(Instant at, double cumulativeProfit, int trades) {
    }

    /** Points at {@code from}, {@code from + step}, ... up to and including {@code to} when it falls on a step. */
    static List<Point> equityCurve(List<ClosedTrade> inCloseOrder, Instant from, Instant to, Duration step) {
        List<Point> points = new ArrayList<>();
        int i = 0;
        double cumulative = 0;
        for (Instant at = from; !at.isAfter(to); at = at.plus(step)) {
            while (i < inCloseOrder.size() && !inCloseOrder.get(i).closeAt().isAfter(at)) {
                cumulative += inCloseOrder.get(i).profitAbs();
                i++;
            }
            points.add(new Point(at, cumulative, i));
        }
        return points;
    }

    enum Period {
        HOURLY, DAILY, WEEKLY, MONTHLY;

        static Period parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }

        /** Start of the period holding {@code at}, in UTC; weeks start on Monday, months on the 1st. */
        Instant start(Instant at) {
            ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
            return switch (this) {
                case HOURLY -> utc.truncatedTo(ChronoUnit.HOURS).toInstant();
                case DAILY -> utc.truncatedTo(ChronoUnit.DAYS).toInstant();
                case WEEKLY -> utc.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                        .atStartOfDay(ZoneOffset.UTC).toInstant();
                case MONTHLY -> LocalDate.of(utc.getYear(), utc.getMonth(), 1).atStartOfDay(ZoneOffset.UTC).toInstant();
            };
        }
    }

    record PeriodProfit(Instant start, double profitAbs, int trades) {
    }

    /** Profit per period, newest period first; periods without closed trades are left out. */
    static List<PeriodProfit> byPeriod(List<ClosedTrade> trades, Period period) {
        Map<Instant, double[]> sums = new TreeMap<>(java.util.Comparator.reverseOrder());
        for (ClosedTrade t : trades) {
            double[] sum = sums.computeIfAbsent(period.start(t.closeAt()), k -> new double[2]);
            sum[0] += t.profitAbs();
            sum[1]++;
        }
        List<PeriodProfit> out = new ArrayList<>();
        sums.forEach((start, sum) -> out.add(new PeriodProfit(start, sum[0], (int) sum[1])));
        return out;
    }
}
