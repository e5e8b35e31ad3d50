package io.ftfleet.freqtrade;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code GET /logs}: the bot's in-memory buffer of its last (up to 1000) log records, oldest first. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BotLogs(int logCount, List<Line> logs) {

    public BotLogs {
        logs = logs == null ? List.of() : List.copyOf(logs);
    }

    /**
     * One record. On the wire it is an array {@code [local time, epoch ms, logger, level, message]}.
     *
     * @param localTime   {@code YYYY-MM-DD HH:MM:SS} in the bot host's local time zone
     * @param timestampMs epoch milliseconds (a float on the wire)
     */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({ "localTime", "timestampMs", "logger", "level", "message" })
    public record Line(String localTime, double timestampMs, String logger, String level, String message) {
    }
}
