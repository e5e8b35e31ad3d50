package io.ftfleet.bot;

import java.util.Map;

import io.ftfleet.core.AuditableEvent;

/** Domain events of the bot registry (snapshots never hold secrets: only whether each is set). */
public final class BotEvents {

    private BotEvents() {
    }

    public record BotCreated(long botId, String name, Map<String, Object> after) implements AuditableEvent {
        @Override
        public String action() {
            return "bot.created";
        }

        @Override
        public String targetType() {
            return "bot";
        }

        @Override
        public String targetId() {
            return Long.toString(botId);
        }
    }

    public record BotUpdated(long botId, String name, Map<String, Object> before, Map<String, Object> after)
            implements AuditableEvent {
        @Override
        public String action() {
            return "bot.updated";
        }

        @Override
        public String targetType() {
            return "bot";
        }

        @Override
        public String targetId() {
            return Long.toString(botId);
        }
    }

    public record BotDeleted(long botId, String name, Map<String, Object> before) implements AuditableEvent {
        @Override
        public String action() {
            return "bot.deleted";
        }

        @Override
        public String targetType() {
            return "bot";
        }

        @Override
        public String targetId() {
            return Long.toString(botId);
        }
    }
}
