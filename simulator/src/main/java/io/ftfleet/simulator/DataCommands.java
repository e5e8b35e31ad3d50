package io.ftfleet.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** download-data, list-strategies, list-exchanges, create-userdir. */
public final class DataCommands {
    static final String HIST = "freqtrade.data.history.history_utils";
    static final List<String> EXCHANGES = List.of("binance", "binanceus", "bingx", "bitget", "bitmart", "bitvavo", "bybit", "gate",
            "htx", "hyperliquid", "kraken", "kucoin", "okx");

    private DataCommands() {}

    /** Utility-mode configuration: config files are optional for these commands. */
    static Map<String, Object> utilConfig(Cli.Parsed args, SimLog log) {
        List<String> files = ConfigLoader.configFiles(args, false);
        Map<String, Object> config = files.isEmpty() ? new LinkedHashMap<>() : ConfigLoader.loadFiles(files, log);
        if (args.str("exchange") != null) {
            Map<String, Object> ex = Json.mapOrEmpty(config.get("exchange"));
            ex.put("name", args.str("exchange"));
            config.put("exchange", ex);
        }
        ConfigLoader.processCommon(config, args, log, false);
        return config;
    }

    public static int createUserdir(Cli.Parsed args, SimLog log) throws FtException {
        String ud = args.str("user_data_dir");
        if (ud == null) {
            log.warning("freqtrade.commands.deploy_commands", "`create-userdir` requires --userdir to be set.");
            return 1;
        }
        Path dir = ConfigLoader.createUserDataDir(ud, true);
        copySample(dir.resolve("strategies/sample_strategy.py"), Strategies.SAMPLE_STRATEGY, args.flag("reset"), log);
        copySample(dir.resolve("hyperopts/sample_hyperopt_loss.py"), Strategies.SAMPLE_HYPEROPT_LOSS, args.flag("reset"), log);
        copySample(dir.resolve("notebooks/strategy_analysis_example.ipynb"),
                "{\"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}\n", args.flag("reset"), log);
        return 0;
    }

    static void copySample(Path target, String content, boolean reset, SimLog log) {
        try {
            if (Files.exists(target) && !reset) {
                log.warning("freqtrade.configuration.directory_operations", "File `" + target + "` exists already, not deploying sample file.");
                return;
            }
            if (Files.exists(target)) {
                log.warning("freqtrade.configuration.directory_operations", "File `" + target + "` exists already, overwriting.");
            }
            Files.writeString(target, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw FtException.operational("Could not write " + target + ": " + e.getMessage());
        }
    }

    public static int listExchanges(Cli.Parsed args, SimLog log) {
        if (args.flag("print_one_column")) {
            for (String e : EXCHANGES) System.out.println(e);
        } else {
            System.out.println((args.flag("list_exchanges_all") ? "All exchanges supported by the ccxt library" : "Exchanges available for Freqtrade")
                    + ": " + String.join(", ", EXCHANGES));
        }
        return 0;
    }

    public static int listStrategies(Cli.Parsed args, SimLog log) {
        Map<String, Object> config = utilConfig(args, log);
        List<Strategies.Info> infos = Strategies.scan(Strategies.searchDirs(config));
        infos = new ArrayList<>(infos);
        infos.sort((a, b) -> a.name().compareTo(b.name()));
        if (args.flag("print_one_column")) {
            for (Strategies.Info i : infos) System.out.println(i.name());
            return 0;
        }
        String[] head = {"Name", "Location", "Status", "Hyperoptable", "Buy-params", "Sell-params"};
        List<String[]> rows = new ArrayList<>();
        for (Strategies.Info i : infos) {
            boolean hyp = i.buyParams() + i.sellParams() > 0;
            rows.add(new String[] {i.name(), i.location(), i.status(), hyp ? "Yes" : "No", String.valueOf(i.buyParams()), String.valueOf(i.sellParams())});
        }
        System.out.print(table("Strategies available", head, rows));
        return 0;
    }

    static String table(String title, String[] head, List<String[]> rows) {
        int[] w = new int[head.length];
        for (int c = 0; c < head.length; c++) w[c] = head[c].length();
        for (String[] r : rows) for (int c = 0; c < r.length; c++) w[c] = Math.max(w[c], r[c].length());
        StringBuilder sb = new StringBuilder();
        int total = 1;
        for (int x : w) total += x + 3;
        if (title != null) sb.append(center(title, total)).append('\n');
        sb.append(line('┏', '┳', '┓', '━', w));
        sb.append(row(head, w, '┃'));
        sb.append(line('┡', '╇', '┩', '━', w));
        for (String[] r : rows) sb.append(row(r, w, '│'));
        sb.append(line('└', '┴', '┘', '─', w));
        return sb.toString();
    }

    static String center(String s, int width) {
        int pad = Math.max(0, (width - s.length()) / 2);
        return " ".repeat(pad) + s;
    }

    static String line(char l, char m, char r, char f, int[] w) {
        StringBuilder sb = new StringBuilder().append(l);
        for (int c = 0; c < w.length; c++) {
            sb.append(String.valueOf(f).repeat(w[c] + 2));
            sb.append(c == w.length - 1 ? r : m);
        }
        return sb.append('\n').toString();
    }

    static String row(String[] cells, int[] w, char sep) {
        StringBuilder sb = new StringBuilder().append(sep);
        for (int c = 0; c < w.length; c++) {
            sb.append(' ').append(String.format("%-" + w[c] + "s", cells[c])).append(' ').append(sep);
        }
        return sb.append('\n').toString();
    }

    // ------------------------------------------------------------------ download-data

    public static String pairToFilename(String pair) {
        return pair.replaceAll("[/ .@$+:]", "_");
    }

    public static String extension(String format) {
        return switch (format) {
            case "json" -> ".json";
            case "jsongz" -> ".json.gz";
            case "parquet" -> ".parquet";
            case "hdf5" -> ".h5";
            default -> ".feather";
        };
    }

    public static Path candleFile(Path datadir, String pair, String timeframe, String format, String tradingMode) {
        String tf = timeframe.equals("1M") ? "1Mo" : timeframe;
        if ("futures".equals(tradingMode)) {
            return datadir.resolve("futures").resolve(pairToFilename(pair) + "-" + tf + "-futures" + extension(format));
        }
        return datadir.resolve(pairToFilename(pair) + "-" + tf + extension(format));
    }

    public static int downloadData(Cli.Parsed args, SimLog log) {
        Map<String, Object> config = utilConfig(args, log);
        if (args.get("days") != null && args.str("timerange") != null) {
            throw FtException.configuration("--days and --timerange are mutually exclusive. You can only specify one or the other.");
        }
        String exchange = Json.str(Json.mapOrEmpty(config.get("exchange")).get("name"), null);
        if (exchange == null) {
            throw FtException.fatal("'exchange' is a required property", "jsonschema.exceptions.ValidationError");
        }
        List<String> pairs = new ArrayList<>();
        if (args.list("pairs") != null) pairs.addAll(args.list("pairs"));
        else if (args.str("pairs_file") != null) {
            Path pf = Path.of(args.str("pairs_file"));
            if (!Files.isRegularFile(pf)) throw FtException.operational("No pairs file found with path \"" + pf + "\".");
            try {
                for (Object o : Json.listOf(Json.read(Files.readString(pf)))) pairs.add(o.toString());
            } catch (IOException e) {
                throw FtException.configuration(e.getMessage());
            }
        } else {
            for (Object o : Json.listOf(Json.mapOrEmpty(config.get("exchange")).get("pair_whitelist"))) pairs.add(o.toString());
        }
        if (pairs.isEmpty()) {
            throw FtException.operational("Downloading data requires a list of pairs. Please check the documentation on how to configure this.");
        }
        List<String> timeframes = args.list("timeframes") != null ? args.list("timeframes") : List.of("1m", "5m");
        String format = args.str("dataformat_ohlcv") != null ? args.str("dataformat_ohlcv") : Json.str(config.get("dataformat_ohlcv"), "feather");
        String tradingMode = args.str("trading_mode") != null ? args.str("trading_mode") : Json.str(config.get("trading_mode"), "spot");
        String candleType = "futures".equals(tradingMode) ? "futures" : "spot";
        long now = System.currentTimeMillis();
        long start;
        long stop = now;
        if (args.str("timerange") != null) {
            TimeRange tr = TimeRange.parse(args.str("timerange"));
            start = tr.startMs() == 0 ? now - 30L * 86400000 : tr.startMs();
            if (tr.stopMs() != 0) stop = Math.min(now, tr.stopMs());
        } else {
            int days = args.get("days") != null ? (Integer) args.get("days") : 30;
            start = now - days * 86400000L;
        }
        Path datadir = Path.of(config.get("datadir").toString());
        log.info("freqtrade.data.history.history_utils", "About to download pairs: " + pairs + ", intervals: " + timeframes + " to " + datadir);
        int done = 0;
        int total = pairs.size() * timeframes.size();
        for (String pair : pairs) {
            for (String tf : timeframes) {
                Path file = candleFile(datadir, pair, tf, format, tradingMode);
                if (args.flag("erase") && Files.exists(file)) {
                    log.info(HIST, "Deleting existing data for pair " + pair + ", interval " + tf + ".");
                    try { Files.delete(file); } catch (IOException ignored) { }
                }
                long tfMs = Bot.timeframeMinutes(tf) * 60000L;
                if (tfMs <= 0) tfMs = 1000;
                long from = (start / tfMs) * tfMs;
                long existingStart = existingStart(file, format);
                if (existingStart > 0 && existingStart < from) from = existingStart;
                log.info(HIST, "Download history data for \"" + pair + "\", " + tf + ", " + candleType + " and store in " + datadir + ". From "
                        + Instant.ofEpochMilli(from).toString().replace("Z", "") + " to now");
                writeCandles(file, format, candles(exchange, pair, tf, from, (stop / tfMs) * tfMs - tfMs));
                done++;
                System.out.println("Downloading Data " + done + "/" + total + " " + (100 * done / total) + "%");
            }
        }
        if (args.flag("download_trades")) {
            log.warning(HIST, "freqtrade-sim does not simulate trades (--dl-trades) downloads; only OHLCV candles were written.");
        }
        return 0;
    }

    static long existingStart(Path file, String format) {
        if (!Files.isRegularFile(file)) return 0;
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = format.equals("jsongz") ? new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes(), StandardCharsets.UTF_8)
                    : new String(bytes, StandardCharsets.UTF_8);
            List<Object> rows = Json.listOf(Json.read(text));
            if (rows.isEmpty()) return 0;
            return ((Number) Json.listOf(rows.get(0)).get(0)).longValue();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Deterministic candles for (exchange, pair, timeframe); each candle depends only on its timestamp. */
    public static List<Object> candles(String exchange, String pair, String tf, long from, long to) {
        long tfMs = Math.max(1000, Bot.timeframeMinutes(tf) * 60000L);
        long seed = Bot.fnv(exchange + "|" + pair);
        double base = Bot.basePrice(pair);
        List<Object> rows = new ArrayList<>();
        int decimals = base < 1 ? 8 : base < 100 ? 5 : 2;
        for (long t = from; t <= to; t += tfMs) {
            double open = priceAt(seed, base, t);
            double close = priceAt(seed, base, t + tfMs);
            SplittableRandom r = new SplittableRandom(seed ^ t);
            double hi = Math.max(open, close) * (1 + r.nextDouble() * 0.003);
            double lo = Math.min(open, close) * (1 - r.nextDouble() * 0.003);
            rows.add(List.of(t, Bot.round(open, decimals), Bot.round(hi, decimals), Bot.round(lo, decimals), Bot.round(close, decimals),
                    Bot.round(10 + r.nextDouble() * 1000, 4)));
        }
        return rows;
    }

    /** Smooth deterministic price function of time (sum of sines + per-hour noise). */
    static double priceAt(long seed, double base, long t) {
        double h = t / 3600000.0;
        double phase = (seed & 0xffff) / 1000.0;
        double v = 0.05 * Math.sin(h / 24.0 + phase) + 0.02 * Math.sin(h / 3.0 + phase * 2) + 0.01 * Math.sin(h * 1.7 + phase * 3);
        return base * Math.exp(v);
    }

    static void writeCandles(Path file, String format, List<Object> rows) {
        try {
            Files.createDirectories(file.getParent());
            byte[] data = Json.write(rows).getBytes(StandardCharsets.UTF_8);
            if (format.equals("jsongz")) {
                try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(file))) {
                    os.write(data);
                }
            } else {
                Files.write(file, data);
            }
        } catch (IOException e) {
            throw FtException.operational("Could not write " + file + ": " + e.getMessage());
        }
    }

    static String lower(String s) { return s.toLowerCase(Locale.ROOT); }
}
