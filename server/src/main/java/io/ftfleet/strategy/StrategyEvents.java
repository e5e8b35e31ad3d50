package io.ftfleet.strategy;

import java.util.Map;

import io.ftfleet.core.AuditableEvent;

/** Domain events of the strategy store. */
public final class StrategyEvents {

    private StrategyEvents() {
    }

    public record StrategyVersionPublished(String className, long versionId, int versionNumber, String sha256,
            boolean valid) implements AuditableEvent {
        @Override
        public String action() {
            return versionNumber == 1 ? "strategy.created" : "strategy.version_published";
        }

        @Override
        public String targetType() {
            return "strategy";
        }

        @Override
        public String targetId() {
            return className;
        }

        @Override
        public Map<String, Object> after() {
            return Map.of("version", versionNumber, "version_id", versionId, "sha256", sha256, "valid", valid);
        }
    }

    public record CurrentVersionChanged(String className, int fromVersion, int toVersion) implements AuditableEvent {
        @Override
        public String action() {
            return "strategy.current_version_set";
        }

        @Override
        public String targetType() {
            return "strategy";
        }

        @Override
        public String targetId() {
            return className;
        }

        @Override
        public Map<String, Object> before() {
            return Map.of("current_version", fromVersion);
        }

        @Override
        public Map<String, Object> after() {
            return Map.of("current_version", toVersion);
        }
    }

    public record StrategyDeleted(String className, int versions) implements AuditableEvent {
        @Override
        public String action() {
            return "strategy.deleted";
        }

        @Override
        public String targetType() {
            return "strategy";
        }

        @Override
        public String targetId() {
            return className;
        }

        @Override
        public Map<String, Object> before() {
            return Map.of("versions", versions);
        }
    }

    /** A share given, changed ({@code before} and {@code after} set) or taken back ({@code after} null). */
    public record StrategyShared(String className, long userId, String username, String beforeAccess,
            String afterAccess) implements AuditableEvent {
        @Override
        public String action() {
            return afterAccess == null ? "strategy.unshared" : "strategy.shared";
        }

        @Override
        public String targetType() {
            return "strategy";
        }

        @Override
        public String targetId() {
            return className;
        }

        @Override
        public Map<String, Object> before() {
            return beforeAccess == null ? null : access(beforeAccess);
        }

        @Override
        public Map<String, Object> after() {
            return afterAccess == null ? null : access(afterAccess);
        }

        private Map<String, Object> access(String access) {
            Map<String, Object> map = new java.util.LinkedHashMap<>();
            map.put("user_id", userId);
            map.put("username", username);
            map.put("access", access);
            return map;
        }
    }
}
