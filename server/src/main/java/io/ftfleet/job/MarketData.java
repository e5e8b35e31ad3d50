package io.ftfleet.job;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The historical data on disk (contract 6): {@code <root>/<exchange>/<PAIR_S>-<tf>[-<candle type>].<ext>}, futures
 * candles in a {@code futures/} sub-folder. JSON files ({@code json}, {@code jsongz}: arrays of
 * {@code [epoch ms, o, h, l, c, v]}) are read for first/last candle and count; binary formats (feather, parquet,
 * hdf5) are listed with their size only, because reading them needs Arrow/Parquet readers this server does not have.
 */
final class MarketData {

    private static final Pattern FILE = Pattern.compile(
            "^(.+?)-(\\d+(?:s|m|h|d|w|Mo|M|y))(?:-(futures|mark|index|premiumIndex|funding_rate|spot))?"
                    + "\\.(json|json\\.gz|feather|parquet|h5)$");

    record Entry(String exchange, String pair, String timeframe, String candleType, String format, String file,
            Long candles, Instant firstCandle, Instant lastCandle, long sizeBytes) {
    }

    private MarketData() {
    }

    static List<Entry> list(Path root, JsonMapper json) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> exchanges = Files.list(root)) {
            for (Path exchangeDir : exchanges.filter(Files::isDirectory).sorted().toList()) {
                String exchange = exchangeDir.getFileName().toString();
                scan(exchangeDir, exchange, false, root, json, out);
                Path futures = exchangeDir.resolve("futures");
                if (Files.isDirectory(futures)) {
                    scan(futures, exchange, true, root, json, out);
                }
            }
        }
        out.sort(Comparator.comparing(Entry::exchange).thenComparing(Entry::pair).thenComparing(Entry::timeframe)
                .thenComparing(Entry::candleType));
        return out;
    }

    private static void scan(Path dir, String exchange, boolean futures, Path root, JsonMapper json, List<Entry> out)
            throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue; // trades files, anything else
                }
                String candleType = m.group(3) != null ? m.group(3) : "spot";
                String format = switch (m.group(4)) {
                    case "json.gz" -> "jsongz";
                    case "h5" -> "hdf5";
                    default -> m.group(4);
                };
                String tf = m.group(2).equals("1Mo") ? "1M" : m.group(2);
                Long count = null;
                Instant first = null;
                Instant last = null;
                if (format.equals("json") || format.equals("jsongz")) {
                    long[] stats = jsonStats(f, format.equals("jsongz"), json);
                    if (stats != null) {
                        count = stats[0];
                        first = stats[0] > 0 ? Instant.ofEpochMilli(stats[1]) : null;
                        last = stats[0] > 0 ? Instant.ofEpochMilli(stats[2]) : null;
                    }
                }
                out.add(new Entry(exchange, pair(m.group(1), futures || !candleType.equals("spot")), tf, candleType,
                        format, root.relativize(f).toString(), count, first, last, Files.size(f)));
            }
        }
    }

    /** Rebuilds the pair from the file name: first {@code _} is {@code /}, for futures the next is {@code :}. */
    static String pair(String fileStem, boolean futures) {
        int i = fileStem.indexOf('_');
        if (i < 0) {
            return fileStem;
        }
        String pair = fileStem.substring(0, i) + "/" + fileStem.substring(i + 1);
        if (futures) {
            int j = pair.indexOf('_', i + 1);
            if (j > 0) {
                pair = pair.substring(0, j) + ":" + pair.substring(j + 1);
            }
        }
        return pair;
    }

    /** {count, first ms, last ms} streamed without loading the file; null when it is not a candle array. */
    static long[] jsonStats(Path file, boolean gz, JsonMapper json) {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = gz ? new GZIPInputStream(raw) : raw;
                JsonParser p = json.createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            long count = 0;
            long first = 0;
            long last = 0;
            while (p.nextToken() == JsonToken.START_ARRAY) {
                if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                    return null;
                }
                long ts = p.getLongValue();
                if (count == 0) {
                    first = ts;
                }
                last = ts;
                count++;
                p.skipChildren(); // no-op on a scalar; skip the rest of the row below
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    p.skipChildren();
                }
            }
            return new long[] { count, first, last };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
