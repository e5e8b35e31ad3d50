package io.ftfleet.bot;

import java.time.Instant;
import java.util.Map;

import io.ftfleet.core.AuditableEvent;

/** An admin let one bot trade live with one strategy version that is not vetted (or took that back). */
final class LiveOverrides {

    private LiveOverrides() {
    }

    /** {@code versionId} null: no override (none set, or revoked). */
    record View(long botId, Long strategyVersionId, String reason, String grantedBy, Instant grantedAt) {
    }

    record Request(String reason) {
    }

    record Granted(long botId, long strategyVersionId, String reason) implements AuditableEvent {
        @Override
        public String action() {
            return "bot.live_override_granted";
        }

        @Override
        public String targetType() {
            return "bot";
        }

        @Override
        public String targetId() {
            return Long.toString(botId);
        }

        @Override
        public Map<String, Object> after() {
            return Map.of("strategy_version_id", strategyVersionId, "reason", reason);
        }

        @Override
        public String reason() {
            return reason;
        }
    }

    /** A live start let through by the override. */
    record Used(long botId, long strategyVersionId, String reason) implements AuditableEvent {
        @Override
        public String action() {
            return "bot.live_override_used";
        }

        @Override
        public String targetType() {
            return "bot";
        }

        @Override
        public String targetId() {
            return Long.toString(botId);
        }

        @Override
        public Map<String, Object> after() {
            return Map.of("strategy_version_id", strategyVersionId, "reason", reason);
        }
    }

    record Revoked(long botId, Long strategyVersionId) implements AuditableEvent {
        @Override
        public String action() {
            return "bot.live_override_revoked";
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
