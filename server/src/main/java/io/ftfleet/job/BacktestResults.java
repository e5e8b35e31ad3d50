package io.ftfleet.job;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads Freqtrade's backtest result files (contract 4.3): {@code backtest_results/.last_result.json} names the
 * latest result, either {@code backtest-result-<ts>.json} or (newer releases) {@code backtest-result-<ts>.zip} whose
 * stats are the entry {@code backtest-result-<ts>.json}; and turns the stats of one strategy into a summary.
 */
final class BacktestResults {

    /** Largest stats file read (a year of 5m trades on many pairs is tens of MiB); larger fails the job. */
    static final long MAX_RESULT_BYTES = 128L * 1024 * 1024;
    /** Freqtrade's zip holds a handful of entries (stats, config, strategy params, market change). */
    static final int MAX_ZIP_ENTRIES = 1000;

    /** The stats file as read, and its name relative to {@code backtest_results/}. */
    record Read(String file, String text, JsonNode stats) {
    }

    private BacktestResults() {
    }

    static Read latest(Path resultsDir, JsonMapper json) throws IOException {
        Path last = resultsDir.resolve(".last_result.json");
        if (!Files.isRegularFile(last)) {
            throw new IOException("no backtest_results/.last_result.json: the backtest wrote no result");
        }
        String name = json.readTree(JobFiles.read(resultsDir, last, 1024 * 1024)).path("latest_backtest").asString("");
        if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
            throw new IOException(".last_result.json names no result file");
        }
        Path file = resultsDir.resolve(name);
        String text = name.endsWith(".zip") ? fromZip(JobFiles.inside(resultsDir, file))
                : JobFiles.read(resultsDir, file, MAX_RESULT_BYTES);
        return new Read(name, text, json.readTree(text));
    }

    /** The stats entry of a result zip: {@code <base>.json} (not {@code _config.json}, not a strategy's params). */
    static String fromZip(Path zip) throws IOException {
        return fromZip(zip, MAX_RESULT_BYTES);
    }

    /** {@link #fromZip(Path)} reading at most {@code max} bytes of the entry, whatever size it declares. */
    static String fromZip(Path zip, long max) throws IOException {
        String base = zip.getFileName().toString().replaceFirst("\\.zip$", "");
        try (ZipFile z = new ZipFile(zip.toFile())) {
            if (z.size() > MAX_ZIP_ENTRIES) {
                throw new IOException(zip.getFileName() + " holds more than " + MAX_ZIP_ENTRIES + " entries");
            }
            ZipEntry entry = z.getEntry(base + ".json");
            if (entry == null) {
                // A renamed zip: the stats are the one entry without a "_" suffix (_config, _<Strategy>, ...).
                for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements();) {
                    ZipEntry candidate = e.nextElement();
                    if (candidate.getName().matches("backtest-result-[^_/]*\\.json")) {
                        entry = candidate;
                    }
                }
            }
            if (entry == null) {
                throw new IOException(zip.getFileName() + " holds no " + base + ".json");
            }
            try (InputStream in = z.getInputStream(entry)) {
                // The entry's declared size can lie; what is read is bounded, not what it claims.
                return new String(JobFiles.readAtMost(in, max, entry.getName()), StandardCharsets.UTF_8);
            }
        }
    }

    /** The figures of one strategy's result (the first when {@code strategy} is null or absent). */
    static ObjectNode summary(JsonNode stats, String strategy, JsonMapper json) throws IOException {
        JsonNode all = stats.path("strategy");
        if (!all.isObject() || all.isEmpty()) {
            throw new IOException("the result holds no strategy");
        }
        JsonNode s = strategy != null && all.has(strategy) ? all.get(strategy) : all.values().iterator().next();
        ObjectNode out = json.createObjectNode();
        out.put("strategy", s.path("strategy_name").asString(strategy));
        copy(s, out, "timeframe", "timeframe");
        copy(s, out, "timerange", "timerange");
        copy(s, out, "backtest_start", "backtest_start");
        copy(s, out, "backtest_end", "backtest_end");
        copy(s, out, "backtest_days", "backtest_days");
        copy(s, out, "stake_currency", "stake_currency");
        copy(s, out, "stake_amount", "stake_amount");
        copy(s, out, "starting_balance", "starting_balance");
        copy(s, out, "final_balance", "final_balance");
        copy(s, out, "profit_total_abs", "profit_abs");
        out.put("profit_pct", pct(s.path("profit_total")));
        copy(s, out, "total_trades", "trades");
        copy(s, out, "wins", "wins");
        copy(s, out, "draws", "draws");
        copy(s, out, "losses", "losses");
        out.put("win_rate_pct", pct(s.path("winrate")));
        out.put("max_drawdown_account_pct", pct(s.path("max_drawdown_account")));
        copy(s, out, "max_drawdown_abs", "max_drawdown_abs");
        // Present in current Freqtrade results; absent (null here) in older files.
        for (String metric : new String[] { "sharpe", "sortino", "calmar", "profit_factor", "cagr", "expectancy" }) {
            copy(s, out, metric, metric);
        }
        copy(s, out, "trades_per_day", "trades_per_day");
        copy(s, out, "holding_avg", "holding_avg");
        ArrayNode pairs = out.putArray("pairs");
        for (JsonNode line : s.path("results_per_pair")) {
            if ("TOTAL".equals(line.path("key").asString())) {
                continue;
            }
            ObjectNode row = pairs.addObject();
            row.put("pair", line.path("key").asString());
            copy(line, row, "trades", "trades");
            copy(line, row, "profit_total_abs", "profit_abs");
            row.put("profit_pct", pct(line.path("profit_total")));
            copy(line, row, "profit_mean_pct", "profit_mean_pct");
            copy(line, row, "wins", "wins");
            copy(line, row, "draws", "draws");
            copy(line, row, "losses", "losses");
            row.put("win_rate_pct", pct(line.path("winrate")));
            copy(line, row, "duration_avg", "duration_avg");
        }
        return out;
    }

    private static void copy(JsonNode from, ObjectNode to, String key, String as) {
        JsonNode v = from.get(key);
        to.set(as, v == null || v.isMissingNode() ? null : v.deepCopy());
        if (v == null) {
            to.putNull(as);
        }
    }

    /** A ratio as a percentage rounded to 4 decimals; null when the ratio is absent. */
    private static Double pct(JsonNode ratio) {
        if (ratio == null || !ratio.isNumber()) {
            return null;
        }
        return Math.round(ratio.asDouble() * 100 * 10000) / 10000.0;
    }
}
