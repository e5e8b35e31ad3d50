package io.ftfleet.event;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.annotation.JsonProperty;

import tools.jackson.databind.json.JsonMapper;

/**
 * One message as sent to clients: {@code {"type": ..., "botId": <long|null>, "at": "<ISO-8601 UTC>", "data": {...}}}.
 * {@code ownerId} is used for scoping only and never sent; null means fleet-wide (everyone receives it).
 */
record StreamEvent(String type, Long botId, Long ownerId, Instant at, StreamPayload data) {

    static final String BOT_STATE = "bot.state";
    static final String BOT_RESTART_SCHEDULED = "bot.restart_scheduled";
    static final String TRADE_OPENED = "trade.opened";
    static final String TRADE_CLOSED = "trade.closed";
    static final String TRADING_DISABLED = "trading.disabled";
    static final String TRADING_REARMED = "trading.rearmed";
    static final String JOB_PROGRESS = "job.progress";
    static final String JOB_FINISHED = "job.finished";
    static final String DRAWDOWN_GUARD_TRIPPED = "risk.drawdown_guard_tripped";
    static final String BOT_ENTRIES_STOPPED = "bot.entries_stopped";

    /** Fleet-wide events go to every authenticated client, whatever bots they own; owned ones only to the owner. */
    boolean fleetWide() {
        return botId == null && ownerId == null;
    }

    /** The envelope as sent: {@code botId} is camelCase on the wire (the stream's own naming since its start). */
    private record Envelope(String type, @JsonProperty("botId") Long botId, String at, StreamPayload data) {
    }

    String toJson(JsonMapper json) {
        return json.writeValueAsString(new Envelope(type, botId, DateTimeFormatter.ISO_INSTANT.format(at), data));
    }
}
