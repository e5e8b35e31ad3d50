package io.ftfleet.freqtrade;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import tools.jackson.databind.JsonNode;

/**
 * {@code GET /pair_candles}: the bot's live analysed dataframe for one pair (contract 1.6, PairHistory). Rows of
 * {@code data} follow {@code columns}; the {@code date} cell is ISO text, NaN/Inf are {@code null}. A FreqAI bot's
 * columns include its {@code &-} targets (with {@code _mean}/{@code _std}), {@code do_predict} and, with
 * {@code DI_threshold > 0}, {@code DI_values} (contract 8.4).
 *
 * @param lastAnalyzedTs seconds
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PairCandles(String strategy, String pair, String timeframe, List<String> columns, List<List<JsonNode>> data,
        int length, long lastAnalyzedTs) {

    public PairCandles {
        columns = columns == null ? List.of() : List.copyOf(columns);
        data = data == null ? List.of() : data;
    }

    /** The last row's cell of {@code column}, or null when there is no such column or no row. */
    public JsonNode last(String column) {
        int i = columns.indexOf(column);
        if (i < 0 || data.isEmpty()) {
            return null;
        }
        List<JsonNode> row = data.get(data.size() - 1);
        return i < row.size() ? row.get(i) : null;
    }
}
