package io.ftfleet.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import io.ftfleet.job.TradeComparison.Comparison;
import io.ftfleet.job.TradeComparison.Pairing;
import io.ftfleet.job.TradeComparison.Trade;

import org.junit.jupiter.api.Test;

/** Matching live trades with backtest trades and the comparison's figures (a pure function). */
class TradeComparisonTests {

    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final long CANDLE = Duration.ofMinutes(5).toMillis();
    static final TradeComparison.Setup SETUP = new TradeComparison.Setup(7, "S", 3, "5m", T0,
            T0.plus(Duration.ofDays(1)), "USDT");

    static Trade trade(String pair, long openMs, double profitAbs, double profitRatio) {
        return new Trade(pair, T0.plusMillis(openMs), T0.plusMillis(openMs + CANDLE * 3), profitAbs, profitRatio);
    }

    @Test
    void openTimesExactlyOneCandleApartMatchInBothDirectionsAndOneMillisecondMoreDoesNot() {
        long base = 100 * CANDLE;
        for (long sign : new long[] { 1, -1 }) {
            List<Trade> live = List.of(trade("BTC/USDT", base, 1, 0.01));
            assertThat(TradeComparison.match(live, List.of(trade("BTC/USDT", base + sign * CANDLE, 1, 0.01)), CANDLE))
                    .as("exactly one candle, sign %d", sign).hasSize(1);
            assertThat(TradeComparison.match(live, List.of(trade("BTC/USDT", base + sign * (CANDLE + 1), 1, 0.01)),
                    CANDLE)).as("one candle and 1 ms, sign %d", sign).isEmpty();
            // and with the sides swapped
            assertThat(TradeComparison.match(List.of(trade("BTC/USDT", base + sign * CANDLE, 1, 0.01)), live, CANDLE))
                    .hasSize(1);
        }
    }

    @Test
    void aLiveTradeTakesTheNearestBacktestTradeAndTheFartherOneIsLeftUnmatched() {
        List<Trade> live = List.of(trade("BTC/USDT", 10 * CANDLE, 1, 0.01));
        List<Trade> backtest = List.of(trade("BTC/USDT", 10 * CANDLE + 240_000, 2, 0.02),
                trade("BTC/USDT", 10 * CANDLE - 60_000, 3, 0.03));

        Comparison c = TradeComparison.compare(SETUP, live, backtest);

        assertThat(c.matchedTrades()).isEqualTo(1);
        assertThat(c.matched().get(0).backtestOpenAt()).isEqualTo(T0.plusMillis(10 * CANDLE - 60_000));
        assertThat(c.matched().get(0).openDifferenceSeconds()).isEqualTo(60);
        assertThat(c.unmatchedBacktest()).extracting(Trade::openAt).containsExactly(T0.plusMillis(10 * CANDLE + 240_000));
        assertThat(c.unmatchedLiveTrades()).isZero();
    }

    @Test
    void twoLiveTradesWantingOneBacktestTradeTheNearerGetsItAndEachIsMatchedAtMostOnce() {
        List<Trade> live = List.of(trade("ETH/USDT", 0, 1, 0.01), trade("ETH/USDT", 100_000, 1, 0.01));
        List<Trade> backtest = List.of(trade("ETH/USDT", 90_000, 1, 0.01));

        List<Pairing> pairings = TradeComparison.match(live, backtest, CANDLE);

        assertThat(pairings).containsExactly(new Pairing(1, 0));
    }

    @Test
    void tradesOfDifferentPairsNeverMatchEvenAtTheSameOpenTime() {
        Comparison c = TradeComparison.compare(SETUP, List.of(trade("BTC/USDT", 0, 1, 0.01)),
                List.of(trade("ETH/USDT", 0, 1, 0.01)));
        assertThat(c.matchedTrades()).isZero();
        assertThat(c.unmatchedLiveTrades()).isEqualTo(1);
        assertThat(c.unmatchedBacktestTrades()).isEqualTo(1);
        assertThat(c.drift().meanAbsOpenDifferenceSeconds()).isNull();
        assertThat(c.drift().meanProfitRatioDifference()).isNull();
        assertThat(c.drift().matchedShareOfLive()).isZero();
    }

    @Test
    void profitPerPairTotalsAndDriftAreLiveMinusBacktest() {
        List<Trade> live = List.of(trade("BTC/USDT", 0, 2.0, 0.02), trade("ETH/USDT", 10 * CANDLE, -1.0, -0.01),
                trade("ETH/USDT", 50 * CANDLE, 0.5, 0.005));
        List<Trade> backtest = List.of(trade("BTC/USDT", 30_000, 3.0, 0.03), trade("ETH/USDT", 10 * CANDLE - 90_000,
                1.0, 0.01), trade("XRP/USDT", 0, 1.0, 0.01));

        Comparison c = TradeComparison.compare(SETUP, live, backtest);

        assertThat(c.liveTrades()).isEqualTo(3);
        assertThat(c.backtestTrades()).isEqualTo(3);
        assertThat(c.matchedTrades()).isEqualTo(2);
        assertThat(c.profitPerPair()).extracting(TradeComparison.PairProfit::pair)
                .containsExactly("BTC/USDT", "ETH/USDT", "XRP/USDT");
        assertThat(c.profitPerPair().get(1)).isEqualTo(new TradeComparison.PairProfit("ETH/USDT", 2, 1, -0.5, 1.0));
        assertThat(c.profitPerPair().get(2)).isEqualTo(new TradeComparison.PairProfit("XRP/USDT", 0, 1, 0.0, 1.0));
        assertThat(c.profit()).isEqualTo(new TradeComparison.Totals(1.5, 5.0, -3.5, 0.3));
        assertThat(c.drift().profitDifferenceAbs()).isEqualTo(-3.5);
        assertThat(c.drift().meanAbsOpenDifferenceSeconds()).isEqualTo(60.0); // (30 + 90) / 2
        assertThat(c.drift().meanProfitRatioDifference()).isCloseTo(-0.015, within(1e-12)); // (-0.01 + -0.02) / 2
        assertThat(c.drift().matchedShareOfLive()).isCloseTo(2 / 3.0, within(1e-8));
        assertThat(c.since()).isEqualTo(SETUP.since());
        assertThat(c.stakeCurrency()).isEqualTo("USDT");
    }

    @Test
    void theRatioIsNullWhenTheBacktestMadeNothing() {
        Comparison c = TradeComparison.compare(SETUP, List.of(trade("BTC/USDT", 0, 2.0, 0.02)), List.of());
        assertThat(c.profit().liveToBacktestRatio()).isNull();
        assertThat(c.profit().differenceAbs()).isEqualTo(2.0);
        assertThat(c.unmatchedLive()).hasSize(1);
    }

    @Test
    void listsAreCappedButTheCountsCoverEveryTrade() {
        List<Trade> live = new ArrayList<>();
        for (int i = 0; i < TradeComparison.LISTED + 30; i++) {
            live.add(trade("BTC/USDT", i * 10 * CANDLE, 1, 0.01));
        }
        Comparison c = TradeComparison.compare(SETUP, live, List.of());
        assertThat(c.unmatchedLiveTrades()).isEqualTo(TradeComparison.LISTED + 30);
        assertThat(c.unmatchedLive()).hasSize(TradeComparison.LISTED);
        assertThat(c.unmatchedLive().get(0).openAt()).isEqualTo(T0);
        assertThat(c.listedAtMost()).isEqualTo(TradeComparison.LISTED);
    }

    /** 300 seeded random cases: the invariants of matching and of the figures. */
    @Test
    void seededRandomCasesKeepEveryInvariant() {
        for (long seed = 1; seed <= 300; seed++) {
            Random rnd = new Random(seed);
            List<String> pairs = List.of("BTC/USDT", "ETH/USDT", "SOL/USDT").subList(0, 1 + rnd.nextInt(3));
            List<Trade> live = randomTrades(rnd, pairs, rnd.nextInt(40));
            List<Trade> backtest = randomTrades(rnd, pairs, rnd.nextInt(40));
            // some exact one-candle offsets, the edge the matching must include
            if (!live.isEmpty() && rnd.nextBoolean()) {
                Trade l = live.get(rnd.nextInt(live.size()));
                backtest.add(new Trade(l.pair(), l.openAt().plusMillis(rnd.nextBoolean() ? CANDLE : -CANDLE),
                        l.closeAt(), 1, 0.01));
            }
            String as = "seed " + seed;

            List<Pairing> pairings = TradeComparison.match(live, backtest, CANDLE);
            Set<Integer> liveSeen = new HashSet<>();
            Set<Integer> backtestSeen = new HashSet<>();
            for (Pairing p : pairings) {
                assertThat(liveSeen.add(p.live())).as(as + ": live trade matched twice").isTrue();
                assertThat(backtestSeen.add(p.backtest())).as(as + ": backtest trade matched twice").isTrue();
                Trade l = live.get(p.live());
                Trade b = backtest.get(p.backtest());
                assertThat(l.pair()).as(as).isEqualTo(b.pair());
                long diff = Math.abs(l.openAt().toEpochMilli() - b.openAt().toEpochMilli());
                assertThat(diff).as(as).isLessThanOrEqualTo(CANDLE);
                // nearest first: a nearer partner of either trade was taken by an even nearer (or equal) match
                for (int j = 0; j < backtest.size(); j++) {
                    long other = Math.abs(l.openAt().toEpochMilli() - backtest.get(j).openAt().toEpochMilli());
                    if (backtest.get(j).pair().equals(l.pair()) && other < diff) {
                        assertThat(partnerDiff(pairings, live, backtest, -1, j)).as(as + ": nearer backtest trade free")
                                .isNotNull().isLessThanOrEqualTo(other);
                    }
                }
            }
            // maximal: no unmatched live and unmatched backtest trade of one pair are within a candle
            for (int i = 0; i < live.size(); i++) {
                for (int j = 0; j < backtest.size(); j++) {
                    if (!liveSeen.contains(i) && !backtestSeen.contains(j) && live.get(i).pair().equals(
                            backtest.get(j).pair())) {
                        assertThat(Math.abs(live.get(i).openAt().toEpochMilli() - backtest.get(j).openAt()
                                .toEpochMilli())).as(as + ": two free trades left unmatched").isGreaterThan(CANDLE);
                    }
                }
            }

            Comparison c = TradeComparison.compare(SETUP, live, backtest);
            assertThat(c.liveTrades()).as(as).isEqualTo(live.size());
            assertThat(c.backtestTrades()).as(as).isEqualTo(backtest.size());
            assertThat(c.matchedTrades() + c.unmatchedLiveTrades()).as(as).isEqualTo(live.size());
            assertThat(c.matchedTrades() + c.unmatchedBacktestTrades()).as(as).isEqualTo(backtest.size());
            assertThat(c.matched()).hasSize(Math.min(TradeComparison.LISTED, c.matchedTrades()));
            assertThat(c.profitPerPair().stream().mapToInt(TradeComparison.PairProfit::liveTrades).sum())
                    .isEqualTo(live.size());
            assertThat(c.profitPerPair().stream().mapToInt(TradeComparison.PairProfit::backtestTrades).sum())
                    .isEqualTo(backtest.size());
            assertThat(c.profitPerPair().stream().mapToDouble(TradeComparison.PairProfit::liveProfitAbs).sum())
                    .isCloseTo(c.profit().liveProfitAbs(), within(1e-6));
            assertThat(c.profit().differenceAbs()).isCloseTo(c.profit().liveProfitAbs() - c.profit()
                    .backtestProfitAbs(), within(1e-6));
        }
    }

    /** The open-time difference of the match that holds live trade {@code i} or backtest trade {@code j}. */
    private static Long partnerDiff(List<Pairing> pairings, List<Trade> live, List<Trade> backtest, int i, int j) {
        for (Pairing p : pairings) {
            if (p.live() == i || p.backtest() == j) {
                return Math.abs(live.get(p.live()).openAt().toEpochMilli() - backtest.get(p.backtest()).openAt()
                        .toEpochMilli());
            }
        }
        return null;
    }

    private static List<Trade> randomTrades(Random rnd, List<String> pairs, int n) {
        List<Trade> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // a 4-hour day part, so trades crowd and compete for partners; some on candle boundaries
            long open = rnd.nextBoolean() ? rnd.nextInt(48) * CANDLE : (long) rnd.nextInt((int) (48 * CANDLE));
            out.add(trade(pairs.get(rnd.nextInt(pairs.size())), open, Math.round(rnd.nextGaussian() * 1e4) / 1e4,
                    Math.round(rnd.nextGaussian() * 1e4) / 1e6));
        }
        return out;
    }
}
