package io.ftfleet.bot;

import java.util.ArrayList;
import java.util.List;

import io.ftfleet.core.ApiException;
import io.ftfleet.freqtrade.PairCandles;
import io.ftfleet.user.CurrentUser;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import tools.jackson.databind.JsonNode;

/**
 * V2: the live quality of a running bot's FreqAI model, measured on its own analysed candles ({@code /pair_candles})
 * instead of the original's constant stub. For every row the model trusted ({@code do_predict == 1}) whose future
 * {@code label_period_candles} closes are already in the dataframe, the prediction of the first {@code &-} target is
 * compared with the label that row would have been trained on, recomputed from those closes with the label's own
 * formula (contract 8.3, simulator {@code FreqaiSim.label}): mean future close / close − 1.
 */
@Service
class BotModelMetrics {

    /** Rows we aim to evaluate per pair: about 1.7 days of 5m candles, enough to be more than noise. */
    static final int EVALUATED_CANDLES = 500;
    /** Upper bound of one {@code /pair_candles} request, whatever label period the bot is configured with. */
    static final int MAX_LIMIT = 1500;
    /**
     * Freqtrade's example strategy needs {@code label_period_candles}; the simulator falls back to 24 when it is
     * missing, so a bot without it is labelled (and must be measured) with 24.
     */
    static final int DEFAULT_LABEL_PERIOD = 24;

    record Window(String first, String last) {
    }

    /** Metrics are null (not 0.0) when nothing could be evaluated: a zero would claim a measurement. */
    record ModelMetrics(String botName, String status, Double accuracy, Double precision, Double recall,
            int evaluatedRows, List<String> pairs, Window window, int labelPeriodCandles, String target) {
    }

    /** Confusion counts of the "up" class over evaluated rows. */
    record Counts(int rows, int hits, int truePositive, int predictedUp, int actualUp) {
        Counts plus(Counts o) {
            return new Counts(rows + o.rows, hits + o.hits, truePositive + o.truePositive, predictedUp + o.predictedUp,
                    actualUp + o.actualUp);
        }
    }

    private final BotPredictions predictions;

    BotModelMetrics(BotPredictions predictions) {
        this.predictions = predictions;
    }

    static int labelPeriod(BotPredictions.Target target) {
        return target.labelPeriodCandles() == null ? DEFAULT_LABEL_PERIOD : target.labelPeriodCandles();
    }

    /** The {@code limit} asked of the bot: the evaluated window plus the label period its last rows look ahead. */
    static int limit(int labelPeriod) {
        return (int) Math.min(MAX_LIMIT, (long) EVALUATED_CANDLES + labelPeriod);
    }

    ModelMetrics measure(String botName, CurrentUser user) {
        BotPredictions.Target target = predictions.targetByName(botName, user);
        if (target.pairs().isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "bot_has_no_pairs", "Bot '" + target.botName()
                    + "' has no pairs in its whitelist");
        }
        int n = labelPeriod(target);
        String targetColumn = null;
        Counts total = new Counts(0, 0, 0, 0, 0);
        Long firstTs = null;
        Long lastTs = null;
        String first = null;
        String last = null;
        for (String pair : target.pairs()) {
            PairCandles candles = predictions.candles(target, pair, limit(n), user);
            String column = firstTarget(candles.columns());
            if (column == null || !candles.columns().contains("do_predict")) {
                throw new ApiException(HttpStatus.CONFLICT, "no_freqai_output", "Bot '" + target.botName()
                        + "' returns no FreqAI columns for " + pair + ": its strategy does not call self.freqai.start()");
            }
            if (!column.contains("close")) {
                // only close targets are signed returns; a range target (simulator: future high − low) has no direction
                throw new ApiException(HttpStatus.CONFLICT, "target_not_directional", "Bot '" + target.botName()
                        + "': the first target " + column + " is not a future-close return, so it has no direction");
            }
            if (targetColumn == null) {
                targetColumn = column;
            } else if (!targetColumn.equals(column)) {
                throw new ApiException(HttpStatus.CONFLICT, "targets_differ", "Bot '" + target.botName()
                        + "' returns " + targetColumn + " and " + column + " as first target on different pairs");
            }
            total = total.plus(count(candles, column, n));
            int dateCol = candles.columns().indexOf("date");
            int tsCol = candles.columns().indexOf("__date_ts");
            List<JsonNode> head = candles.data().get(0);
            List<JsonNode> tail = candles.data().get(candles.data().size() - 1);
            Long headTs = longCell(head, tsCol);
            Long tailTs = longCell(tail, tsCol);
            if (headTs != null && (firstTs == null || headTs < firstTs)) {
                firstTs = headTs;
                first = textCell(head, dateCol);
            }
            if (tailTs != null && (lastTs == null || tailTs > lastTs)) {
                lastTs = tailTs;
                last = textCell(tail, dateCol);
            }
        }
        Window window = new Window(first, last);
        if (total.rows() == 0) {
            return new ModelMetrics(target.botName(), "insufficient_data", null, null, null, 0, target.pairs(), window,
                    n, targetColumn);
        }
        return new ModelMetrics(target.botName(), "measured", (double) total.hits() / total.rows(),
                total.predictedUp() == 0 ? null : (double) total.truePositive() / total.predictedUp(),
                total.actualUp() == 0 ? null : (double) total.truePositive() / total.actualUp(), total.rows(),
                target.pairs(), window, n, targetColumn);
    }

    /** The first {@code &-} prediction column, the same one B17's direction is read from. */
    static String firstTarget(List<String> columns) {
        return columns.stream().filter(c -> c.startsWith("&") && !c.endsWith("_mean") && !c.endsWith("_std"))
                .findFirst().orElse(null);
    }

    /**
     * Direction = sign of the prediction, not B17's z-rule: the label is a signed return, so its sign is the realized
     * direction, whereas B17's "neutral" band (|z| &lt; 1) has no realized counterpart to be scored against.
     * "Up" = value &gt; 0. Rows are assumed consecutive candles, as Freqtrade's analysed dataframe is.
     */
    static Counts count(PairCandles candles, String column, int n) {
        int close = candles.columns().indexOf("close");
        int pred = candles.columns().indexOf(column);
        int doPredict = candles.columns().indexOf("do_predict");
        List<List<JsonNode>> rows = candles.data();
        int evaluated = 0;
        int hits = 0;
        int tp = 0;
        int predictedUp = 0;
        int actualUp = 0;
        for (int i = 0; i + n < rows.size(); i++) {
            Double dp = numberCell(rows.get(i), doPredict);
            Double p = numberCell(rows.get(i), pred);
            Double realized = label(rows, close, i, n);
            if (dp == null || dp != 1 || p == null || realized == null) {
                continue;
            }
            boolean up = p > 0;
            boolean wentUp = realized > 0;
            evaluated++;
            hits += up == wentUp ? 1 : 0;
            tp += up && wentUp ? 1 : 0;
            predictedUp += up ? 1 : 0;
            actualUp += wentUp ? 1 : 0;
        }
        return new Counts(evaluated, hits, tp, predictedUp, actualUp);
    }

    /** The label of row i: mean of the next n closes / close − 1; null when a close is missing or not positive. */
    static Double label(List<List<JsonNode>> rows, int close, int i, int n) {
        Double c = numberCell(rows.get(i), close);
        if (c == null || c <= 0) {
            return null;
        }
        double sum = 0;
        for (int q = i + 1; q <= i + n; q++) {
            Double f = numberCell(rows.get(q), close);
            if (f == null) {
                return null;
            }
            sum += f;
        }
        return (sum / n) / c - 1;
    }

    private static Double numberCell(List<JsonNode> row, int col) {
        JsonNode v = col < 0 || col >= row.size() ? null : row.get(col);
        return v == null || !v.isNumber() ? null : v.asDouble();
    }

    private static Long longCell(List<JsonNode> row, int col) {
        Double d = numberCell(row, col);
        return d == null ? null : d.longValue();
    }

    private static String textCell(List<JsonNode> row, int col) {
        JsonNode v = col < 0 || col >= row.size() ? null : row.get(col);
        return v == null || v.isNull() ? null : v.asString();
    }
}
