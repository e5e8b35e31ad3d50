package io.ftfleet.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The statistics on hand-made trade lists, against figures worked out by hand. */
class StatsTests {

    static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z"); // a Monday

    static ClosedTrade trade(int id, double profit, double ratio, Instant closeAt) {
        return new ClosedTrade(1, id, "BTC/USDT", "USDT", true, 100, profit, ratio, closeAt.minusSeconds(60), closeAt);
    }

    // +10, -5, +20, -15, -10, +5 closed an hour apart
    static final List<ClosedTrade> SIX = List.of(trade(1, 10, 0.10, T0), trade(2, -5, -0.05, T0.plusSeconds(3600)),
            trade(3, 20, 0.20, T0.plusSeconds(7200)), trade(4, -15, -0.15, T0.plusSeconds(10800)),
            trade(5, -10, -0.10, T0.plusSeconds(14400)), trade(6, 5, 0.05, T0.plusSeconds(18000)));

    @Test
    void summaryCountsWinsAndLossesAndComputesProfitFactorAndExpectancy() {
        Stats.Summary s = Stats.summarize(SIX);
        assertThat(s.trades()).isEqualTo(6);
        assertThat(s.wins()).isEqualTo(3);
        assertThat(s.losses()).isEqualTo(3);
        assertThat(s.winRate()).isCloseTo(50.0, within(1e-12));
        assertThat(s.profitAbs()).isCloseTo(5.0, within(1e-12)); // 35 - 30
        assertThat(s.grossProfit()).isCloseTo(35.0, within(1e-12));
        assertThat(s.grossLoss()).isCloseTo(30.0, within(1e-12));
        assertThat(s.profitFactor()).isCloseTo(35.0 / 30.0, within(1e-12));
        assertThat(s.expectancy()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(s.avgProfitRatio()).isCloseTo(0.05 / 6, within(1e-12));
    }

    @Test
    void profitFactorIsAbsentWithoutLossesAndDrawsCountAsNeither() {
        Stats.Summary s = Stats.summarize(List.of(trade(1, 4, 0.04, T0), trade(2, 0, 0, T0.plusSeconds(1))));
        assertThat(s.profitFactor()).isNull();
        assertThat(s.wins()).isEqualTo(1);
        assertThat(s.losses()).isZero();
        assertThat(s.draws()).isEqualTo(1);
        assertThat(s.winRate()).isCloseTo(50.0, within(1e-12));
        assertThat(Stats.summarize(List.of()).winRate()).isZero();
    }

    @Test
    void drawdownIsTheLargestFallOfCumulativeProfitFromItsHigh() {
        // cumulative: 10, 5, 25, 10, 0, 5 -> high 25 at trade 3, low 0 at trade 5: fall 25
        Stats.Drawdown dd = Stats.drawdown(SIX, 1000.0);
        assertThat(dd.abs()).isCloseTo(25.0, within(1e-12));
        assertThat(dd.relative()).isCloseTo(25.0 / 1025.0, within(1e-12));
        assertThat(dd.highAt()).isEqualTo(T0.plusSeconds(7200));
        assertThat(dd.lowAt()).isEqualTo(T0.plusSeconds(14400));
        assertThat(Stats.drawdown(SIX, null).relative()).isNull();
    }

    @Test
    void drawdownCountsLossesBeforeAnyProfitFromTheStartingBalance() {
        Stats.Drawdown dd = Stats.drawdown(List.of(trade(1, -30, -0.3, T0), trade(2, 10, 0.1, T0.plusSeconds(1))),
                100.0);
        assertThat(dd.abs()).isCloseTo(30.0, within(1e-12));
        assertThat(dd.relative()).isCloseTo(0.30, within(1e-12));
        assertThat(dd.highAt()).isNull();
    }

    @Test
    void equityCurveSumsTradesClosedAtOrBeforeEachStep() {
        // points every 2 h from T0 - 1 h: trades close at T0+0h..5h
        List<Stats.Point> points = Stats.equityCurve(SIX, T0.minusSeconds(3600), T0.plusSeconds(6 * 3600),
                Duration.ofHours(2));
        assertThat(points).extracting(Stats.Point::at).containsExactly(T0.minusSeconds(3600), T0.plusSeconds(3600),
                T0.plusSeconds(3 * 3600), T0.plusSeconds(5 * 3600));
        assertThat(points).extracting(Stats.Point::cumulativeProfit).containsExactly(0.0, 5.0, 10.0, 5.0);
        assertThat(points).extracting(Stats.Point::trades).containsExactly(0, 2, 4, 6);
    }

    @Test
    void periodsGroupByUtcHourDayMondayWeekAndMonthNewestFirst() {
        List<ClosedTrade> trades = List.of(trade(1, 1, 0, Instant.parse("2026-10-31T23:30:00Z")), // Sat, October
                trade(2, 2, 0, Instant.parse("2026-11-01T00:10:00Z")), // Sunday: same ISO week as Oct 31
                trade(3, 4, 0, Instant.parse("2026-11-02T00:00:00Z")), // Monday: new week
                trade(4, 8, 0, Instant.parse("2026-11-02T00:59:59Z")));
        assertThat(Stats.byPeriod(trades, Stats.Period.DAILY)).containsExactly(
                new Stats.PeriodProfit(Instant.parse("2026-11-02T00:00:00Z"), 12, 2),
                new Stats.PeriodProfit(Instant.parse("2026-11-01T00:00:00Z"), 2, 1),
                new Stats.PeriodProfit(Instant.parse("2026-10-31T00:00:00Z"), 1, 1));
        assertThat(Stats.byPeriod(trades, Stats.Period.WEEKLY)).containsExactly(
                new Stats.PeriodProfit(Instant.parse("2026-11-02T00:00:00Z"), 12, 2),
                new Stats.PeriodProfit(Instant.parse("2026-10-26T00:00:00Z"), 3, 2));
        assertThat(Stats.byPeriod(trades, Stats.Period.MONTHLY)).containsExactly(
                new Stats.PeriodProfit(Instant.parse("2026-11-01T00:00:00Z"), 14, 3),
                new Stats.PeriodProfit(Instant.parse("2026-10-01T00:00:00Z"), 1, 1));
        assertThat(Stats.byPeriod(trades, Stats.Period.HOURLY)).containsExactly(
                new Stats.PeriodProfit(Instant.parse("2026-11-02T00:00:00Z"), 12, 2),
                new Stats.PeriodProfit(Instant.parse("2026-11-01T00:00:00Z"), 2, 1),
                new Stats.PeriodProfit(Instant.parse("2026-10-31T23:00:00Z"), 1, 1));
    }

    @Test
    void stepsAreParsedAndTooSmallOnesRefused() {
        assertThat(FleetAnalytics.parseStep("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(FleetAnalytics.parseStep("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(FleetAnalytics.parseStep("1w")).isEqualTo(Duration.ofDays(7));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FleetAnalytics.parseStep("PT0.5S"))
                .isInstanceOf(io.ftfleet.core.ApiException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FleetAnalytics.parseStep("soon"))
                .isInstanceOf(io.ftfleet.core.ApiException.class);
    }
}
