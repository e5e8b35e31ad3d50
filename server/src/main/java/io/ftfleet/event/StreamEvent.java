package io.ftfleet.event;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * One message as sent to clients: {@code {"type": ..., "botId": <long|null>, "at": "<ISO-8601 UTC>", "data": {...}}}.
 * {@code ownerId} is used for scoping only and never sent; null means fleet-wide (everyone receives it).
 */
record StreamEvent(String type, Long botId, Long ownerId, Instant at, Map<String, Object> data) {

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

    String toJson(JsonMapper json) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", type);
        envelope.put("botId", botId);
        envelope.put("at", DateTimeFormatter.ISO_INSTANT.format(at));
        envelope.put("data", data == null ? Map.of() : data);
        return json.writeValueAsString(envelope);
    }
}
