package io.ftfleet.notify;

import java.time.Instant;
import java.util.List;

/**
 * A channel as stored, secrets still sealed. {@code events} holds {@code *} for all; {@code botIds}/{@code tags}
 * null mean every bot the owner may see.
 */
record Channel(long id, long ownerId, String type, String name, String urlSealed, String secretSealed,
        String botTokenSealed, String chatId, Long messageThreadId, List<String> events, List<Long> botIds,
        List<String> tags, Severity minSeverity, boolean enabled, QuietHours quietHours, Instant createdAt,
        Instant updatedAt) {

    /** From {@code start} to {@code end} (local time in {@code zone}; may span midnight), only critical alerts go out. */
    record QuietHours(java.time.LocalTime start, java.time.LocalTime end, java.time.ZoneId zone) {

        /** When an alert of this severity due at {@code due} may go out. */
        Instant release(Severity severity, Instant due) {
            if (severity == Severity.CRITICAL || start.equals(end)) {
                return due;
            }
            java.time.ZonedDateTime local = due.atZone(zone);
            java.time.LocalTime t = local.toLocalTime();
            boolean spansMidnight = start.isAfter(end);
            boolean quiet = spansMidnight ? !t.isBefore(start) || t.isBefore(end) : !t.isBefore(start) && t.isBefore(end);
            if (!quiet) {
                return due;
            }
            java.time.ZonedDateTime until = local.with(end);
            if (!until.isAfter(local)) {
                until = until.plusDays(1);
            }
            return until.toInstant();
        }
    }

    static final List<String> TYPES = List.of("webhook", "telegram", "discord", "slack");

    boolean wants(String eventType) {
        if (events.contains(eventType)) {
            return true;
        }
        // trade alerts are opt-in: a busy fleet would drown "*" in trades
        return events.contains("*") && !eventType.startsWith("trade.");
    }

    /** Chat channels get one message per interval and batch the rest; a webhook gets each event on its own. */
    boolean chat() {
        return !type.equals("webhook");
    }
}
