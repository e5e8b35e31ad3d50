package io.ftfleet.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * The candles a job needs, what of them is missing on disk, and the one place that serialises their downloads: a
 * lock per candle file (exchange, trading mode, pair, timeframe) in this server instance, taken in a fixed order so
 * two jobs never deadlock. A job holds the locks of everything it needs while it downloads, and looks again at what
 * is missing once it has them: a job that waited for another's download finds the candles there and downloads
 * nothing.
 */
@Component
class Candles {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    /** Without a timerange a missing file is downloaded for this many days (Freqtrade's own default). */
    static final int DEFAULT_DAYS = 30;

    /** What a job reads: {@code timerange} null = whatever there is. */
    record Need(String exchange, String tradingMode, List<String> pairs, List<String> timeframes, String timerange) {
    }

    /**
     * One pair and timeframe whose candles are missing or do not cover the timerange.
     *
     * @param prepend the file exists but starts after the timerange does (Freqtrade's {@code --prepend})
     */
    record Gap(String pair, String timeframe, String why, boolean prepend) {

        String describe() {
            return pair + " " + timeframe + " (" + why + ")";
        }
    }

    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final AtomicLong downloads = new AtomicLong();

    /** Download processes run so far (each for one or more pair/timeframe files). */
    long downloads() {
        return downloads.get();
    }

    void counted() {
        downloads.incrementAndGet();
    }

    /** The file Freqtrade reads for this pair and timeframe (JSON candles, as every job writes its config). */
    static Path file(Path marketData, Need need, String pair, String timeframe) {
        Path dir = marketData.resolve(need.exchange());
        String stem = pair.replaceAll("[/ .@$+:]", "_") + "-" + (timeframe.equals("1M") ? "1Mo" : timeframe);
        return "futures".equals(need.tradingMode()) ? dir.resolve("futures").resolve(stem + "-futures.json")
                : dir.resolve(stem + ".json");
    }

    static List<Gap> missing(Path marketData, Need need, Instant now, JsonMapper json) {
        long[] range = range(need.timerange());
        List<Gap> gaps = new ArrayList<>();
        for (String pair : need.pairs()) {
            for (String tf : need.timeframes()) {
                Path file = file(marketData, need, pair, tf);
                long[] stats = Files.isRegularFile(file) ? MarketData.jsonStats(file, false, json) : null;
                if (stats == null || stats[0] == 0) {
                    gaps.add(new Gap(pair, tf, "no candles", false));
                    continue;
                }
                long tfMs = timeframeMillis(tf);
                if (range[0] > 0 && stats[1] > range[0] + tfMs) {
                    gaps.add(new Gap(pair, tf, "candles start after the timerange", true));
                } else if (range[1] > 0 && stats[2] + 2 * tfMs < Math.min(range[1], now.toEpochMilli() - tfMs)) {
                    gaps.add(new Gap(pair, tf, "candles end before the timerange", false));
                }
            }
        }
        return gaps;
    }

    /** {@code --timerange} for a download: the job's own, or {@value #DEFAULT_DAYS} days up to now. */
    static String downloadRange(Need need, Instant now) {
        return need.timerange() != null ? need.timerange()
                : LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(DEFAULT_DAYS).format(DAY) + "-";
    }

    /** Start and end of a Freqtrade timerange in epoch ms; 0 where open. */
    static long[] range(String timerange) {
        if (timerange == null) {
            return new long[] { 0, 0 };
        }
        int dash = timerange.indexOf('-');
        return new long[] { point(timerange.substring(0, dash)), point(timerange.substring(dash + 1)) };
    }

    private static long point(String s) {
        return switch (s.length()) {
            case 0 -> 0;
            case 8 -> LocalDate.parse(s, DAY).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            case 10 -> Long.parseLong(s) * 1000;
            default -> Long.parseLong(s);
        };
    }

    static long timeframeMillis(String tf) {
        long n = Long.parseLong(tf.substring(0, tf.length() - 1));
        return n * switch (tf.charAt(tf.length() - 1)) {
            case 's' -> 1000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            case 'd' -> 86_400_000L;
            case 'w' -> 7 * 86_400_000L;
            case 'M' -> 30 * 86_400_000L;
            default -> 365 * 86_400_000L;
        };
    }

    /** The locks of every file of a need, held together; released by {@link Held#close()}. */
    final class Held implements AutoCloseable {
        private final List<ReentrantLock> held = new ArrayList<>();

        @Override
        public void close() {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
            held.clear();
        }
    }

    /**
     * Takes the locks of every file of the need, in sorted order; returns null when {@code giveUp} says so while
     * waiting (the job was cancelled), with nothing held.
     */
    Held lock(Need need, BooleanSupplier giveUp) throws InterruptedException {
        List<String> keys = new ArrayList<>();
        for (String pair : need.pairs()) {
            for (String tf : need.timeframes()) {
                keys.add(need.exchange() + "|" + need.tradingMode() + "|" + pair + "|" + tf);
            }
        }
        keys = keys.stream().distinct().sorted().toList();
        Held held = new Held();
        for (String key : keys) {
            ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
            while (!lock.tryLock(200, TimeUnit.MILLISECONDS)) {
                if (giveUp.getAsBoolean()) {
                    held.close();
                    return null;
                }
            }
            held.held.add(lock);
        }
        return held;
    }
}
