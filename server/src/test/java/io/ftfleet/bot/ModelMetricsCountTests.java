package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.ftfleet.freqtrade.PairCandles;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** V2's counting rule without a bot: which rows are evaluable and how hits are scored. */
class ModelMetricsCountTests {

    static final JsonNodeFactory F = JsonNodeFactory.instance;

    static PairCandles candles(double[] closes, double[] predictions, int[] doPredict) {
        List<List<JsonNode>> rows = new ArrayList<>();
        for (int i = 0; i < closes.length; i++) {
            rows.add(List.of(F.numberNode(closes[i]), F.numberNode(predictions[i]), F.numberNode(doPredict[i])));
        }
        return new PairCandles("S", "BTC/USDT", "5m", List.of("close", "&-s_close", "do_predict"), rows, rows.size(), 0);
    }

    @Test
    void onlyTrustedRowsWithACompleteFutureWindowCount() {
        // n = 2: rows 0..2 have two future closes; row 3 and 4 do not
        PairCandles k = candles(new double[] { 100, 101, 102, 99, 98 }, new double[] { 0.01, -0.01, -0.02, 0.5, 0.5 },
                new int[] { 1, 1, 0, 1, 1 });
        BotModelMetrics.Counts c = BotModelMetrics.count(k, "&-s_close", 2);
        // row 0: label (101+102)/2/100-1 > 0, predicted up → hit, TP; row 1: label (102+99)/2/101-1 < 0, predicted down → hit
        assertThat(c).isEqualTo(new BotModelMetrics.Counts(2, 2, 1, 1, 1));
    }

    @Test
    void nothingEvaluableWithoutATrainedModel() {
        PairCandles k = candles(new double[] { 100, 101, 102 }, new double[] { 0, 0, 0 }, new int[] { 0, 0, 0 });
        assertThat(BotModelMetrics.count(k, "&-s_close", 1).rows()).isZero();
        assertThat(BotModelMetrics.count(k, "&-s_close", 5).rows()).isZero();
    }
}
