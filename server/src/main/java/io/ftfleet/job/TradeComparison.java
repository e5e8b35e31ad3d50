package io.ftfleet.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Backtest vs live as a pure function of the two trade lists: which live trade is the backtest's same trade (same
 * pair, open times at most one candle apart; nearest pairs first, each trade of either side matched at most once),
 * what is left over on either side, profit per pair and in total, and the drift. Every figure is defined in the
 * README ("Backtest vs live").
 */
final class TradeComparison {

    /** Listed matched/unmatched trades per list; the counts always cover all of them. */
    static final int LISTED = 100;

    private TradeComparison() {
    }

    /** One closed trade of either side; amounts in the stake currency. */
    record Trade(String pair, Instant openAt, Instant closeAt, double profitAbs, double profitRatio) {
    }

    /** What was compared: the bot, its pinned strategy version and the window (whole candles). */
    record Setup(long botId, String strategyName, long strategyVersionId, String timeframe, Instant since,
            Instant until, String stakeCurrency) {
    }

    /** A live trade and the backtest trade taken as the same one. Differences are live minus backtest. */
    record Match(String pair, Instant liveOpenAt, Instant backtestOpenAt, long openDifferenceSeconds,
            double liveProfitAbs, double backtestProfitAbs, double liveProfitRatio, double backtestProfitRatio) {
    }

    record PairProfit(String pair, int liveTrades, int backtestTrades, double liveProfitAbs,
            double backtestProfitAbs) {
    }

    /** {@code liveToBacktestRatio} is null when the backtest's total is 0 (no ratio to speak of). */
    record Totals(double liveProfitAbs, double backtestProfitAbs, double differenceAbs, Double liveToBacktestRatio) {
    }

    /** The means are over matched trades and null when nothing matched. */
    record Drift(double profitDifferenceAbs, Double meanAbsOpenDifferenceSeconds, Double meanProfitRatioDifference,
            double matchedShareOfLive) {
    }

    record Comparison(long botId, String strategyName, long strategyVersionId, String timeframe, Instant since,
            Instant until, String stakeCurrency, int liveTrades, int backtestTrades, int matchedTrades,
            int unmatchedLiveTrades, int unmatchedBacktestTrades, int listedAtMost, List<Match> matched,
            List<Trade> unmatchedLive, List<Trade> unmatchedBacktest, List<PairProfit> profitPerPair, Totals profit,
            Drift drift) {
    }

    /** A matched pair of indexes into the live and the backtest list. */
    record Pairing(int live, int backtest) {
    }

    static Comparison compare(Setup setup, List<Trade> live, List<Trade> backtest) {
        long candleMs = Candles.timeframeMillis(setup.timeframe());
        List<Pairing> pairings = match(live, backtest, candleMs);
        boolean[] liveUsed = new boolean[live.size()];
        boolean[] backtestUsed = new boolean[backtest.size()];
        List<Match> matched = new ArrayList<>();
        double openDiffSum = 0;
        double ratioDiffSum = 0;
        for (Pairing p : pairings) {
            Trade l = live.get(p.live());
            Trade b = backtest.get(p.backtest());
            liveUsed[p.live()] = true;
            backtestUsed[p.backtest()] = true;
            long diff = Duration.between(b.openAt(), l.openAt()).toSeconds();
            openDiffSum += Math.abs(Duration.between(b.openAt(), l.openAt()).toMillis()) / 1000.0;
            ratioDiffSum += l.profitRatio() - b.profitRatio();
            matched.add(new Match(l.pair(), l.openAt(), b.openAt(), diff, round(l.profitAbs()), round(b.profitAbs()),
                    round(l.profitRatio()), round(b.profitRatio())));
        }
        matched.sort(Comparator.comparing(Match::liveOpenAt).thenComparing(Match::pair));
        List<Trade> unmatchedLive = unused(live, liveUsed);
        List<Trade> unmatchedBacktest = unused(backtest, backtestUsed);

        Map<String, double[]> perPair = new TreeMap<>(); // live trades, backtest trades, live profit, backtest profit
        live.forEach(t -> add(perPair, t, 0));
        backtest.forEach(t -> add(perPair, t, 1));
        List<PairProfit> profitPerPair = perPair.entrySet().stream().map(e -> new PairProfit(e.getKey(),
                (int) e.getValue()[0], (int) e.getValue()[1], round(e.getValue()[2]), round(e.getValue()[3])))
                .toList();
        double liveTotal = live.stream().mapToDouble(Trade::profitAbs).sum();
        double backtestTotal = backtest.stream().mapToDouble(Trade::profitAbs).sum();
        Totals totals = new Totals(round(liveTotal), round(backtestTotal), round(liveTotal - backtestTotal),
                backtestTotal == 0 ? null : round(liveTotal / backtestTotal));
        int n = pairings.size();
        Drift drift = new Drift(round(liveTotal - backtestTotal), n == 0 ? null : round(openDiffSum / n),
                n == 0 ? null : round(ratioDiffSum / n), live.isEmpty() ? 0 : round((double) n / live.size()));
        return new Comparison(setup.botId(), setup.strategyName(), setup.strategyVersionId(), setup.timeframe(),
                setup.since(), setup.until(), setup.stakeCurrency(), live.size(), backtest.size(), n,
                unmatchedLive.size(), unmatchedBacktest.size(), LISTED, cap(matched), cap(unmatchedLive),
                cap(unmatchedBacktest), profitPerPair, totals, drift);
    }

    /**
     * Nearest first: every (live, backtest) pair of the same pair whose open times differ by at most one candle is a
     * candidate; candidates are taken in order of that difference (ties: earlier live trade, then earlier backtest
     * trade) when neither side is taken yet. So each trade is matched at most once, and a closer pair is never lost
     * to a farther one.
     */
    static List<Pairing> match(List<Trade> live, List<Trade> backtest, long candleMs) {
        Map<String, List<Integer>> backtestByPair = new TreeMap<>();
        for (int j = 0; j < backtest.size(); j++) {
            backtestByPair.computeIfAbsent(backtest.get(j).pair(), k -> new ArrayList<>()).add(j);
        }
        backtestByPair.values().forEach(list -> list.sort(Comparator.comparing(j -> backtest.get(j).openAt())));
        record Candidate(int live, int backtest, long diffMs) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            List<Integer> same = backtestByPair.getOrDefault(live.get(i).pair(), List.of());
            long open = live.get(i).openAt().toEpochMilli();
            for (int k = firstAtOrAfter(same, backtest, open - candleMs); k < same.size(); k++) {
                long other = backtest.get(same.get(k)).openAt().toEpochMilli();
                if (other > open + candleMs) {
                    break;
                }
                candidates.add(new Candidate(i, same.get(k), Math.abs(open - other)));
            }
        }
        candidates.sort(Comparator.comparingLong(Candidate::diffMs)
                .thenComparing(c -> live.get(c.live()).openAt()).thenComparingInt(Candidate::live)
                .thenComparing(c -> backtest.get(c.backtest()).openAt()).thenComparingInt(Candidate::backtest));
        boolean[] liveTaken = new boolean[live.size()];
        boolean[] backtestTaken = new boolean[backtest.size()];
        List<Pairing> out = new ArrayList<>();
        for (Candidate c : candidates) {
            if (!liveTaken[c.live()] && !backtestTaken[c.backtest()]) {
                liveTaken[c.live()] = true;
                backtestTaken[c.backtest()] = true;
                out.add(new Pairing(c.live(), c.backtest()));
            }
        }
        return out;
    }

    /** Index into {@code sorted} (backtest indexes by open time) of the first trade opening at or after {@code ms}. */
    private static int firstAtOrAfter(List<Integer> sorted, List<Trade> backtest, long ms) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (backtest.get(sorted.get(mid)).openAt().toEpochMilli() < ms) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static void add(Map<String, double[]> perPair, Trade t, int side) {
        double[] row = perPair.computeIfAbsent(t.pair(), k -> new double[4]);
        row[side] += 1;
        row[2 + side] += t.profitAbs();
    }

    private static List<Trade> unused(List<Trade> trades, boolean[] used) {
        List<Trade> out = new ArrayList<>();
        for (int i = 0; i < trades.size(); i++) {
            if (!used[i]) {
                out.add(trades.get(i));
            }
        }
        out.sort(Comparator.comparing(Trade::openAt).thenComparing(Trade::pair));
        return out;
    }

    private static <T> List<T> cap(List<T> list) {
        return List.copyOf(list.subList(0, Math.min(LISTED, list.size())));
    }

    /** Amounts and ratios to 8 decimals (Freqtrade's own precision in its results). */
    static double round(double v) {
        return Math.round(v * 1e8) / 1e8;
    }
}
