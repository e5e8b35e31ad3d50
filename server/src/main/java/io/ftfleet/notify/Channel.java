package io.ftfleet.notify;

import java.time.Instant;
import java.util.List;

/**
 * A channel as stored, secrets still sealed. {@code events} holds {@code *} for all; {@code botIds}/{@code tags}
 * null mean every bot the owner may see.
 */
record Channel(long id, long ownerId, String type, String name, String urlSealed, String secretSealed,
        String botTokenSealed, String chatId, Long messageThreadId, List<String> events, List<Long> botIds,
        List<String> tags, Severity minSeverity, boolean enabled, Instant createdAt, Instant updatedAt) {

    static final List<String> TYPES = List.of("webhook", "telegram", "discord", "slack");

    boolean wants(String eventType) {
        if (events.contains(eventType)) {
            return true;
        }
        // trade.closed is opt-in: a busy fleet would drown "*" in trades
        return events.contains("*") && !eventType.equals("trade.closed");
    }

    /** Chat channels get one message per interval and batch the rest; a webhook gets each event on its own. */
    boolean chat() {
        return !type.equals("webhook");
    }
}
