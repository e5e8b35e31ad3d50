package io.ftfleet.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One thing that happened, before it is routed to channels.
 *
 * @param bot      the bot it is about, or null for fleet-wide and job events
 * @param audience who may receive it besides admins; null: only admins
 */
record Alert(String id, String type, Severity severity, Instant at, BotRef bot, Audience audience,
        Map<String, Object> data, String text) {

    record BotRef(long id, String name, long ownerId, List<String> tags) {
    }

    /** {@code everyone}: fleet-wide news (the trading switch); else these users (and admins, always). */
    record Audience(boolean everyone, Set<Long> users) {
        static Audience admins() {
            return new Audience(false, Set.of());
        }

        static Audience of(Set<Long> users) {
            return new Audience(false, users);
        }

        static Audience all() {
            return new Audience(true, Set.of());
        }
    }

    /** The webhook body, also the stored payload of every delivery. */
    record Body(String id, String type, String severity, Instant at, BodyBot bot, Map<String, Object> data,
            String text) {
    }

    record BodyBot(long id, String name) {
    }

    Body body() {
        return new Body(id, type, severity.value(), at, bot == null ? null : new BodyBot(bot.id(), bot.name()), data,
                text);
    }
}
