package io.ftfleet.user;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ftfleet.core.AuditableEvent;

/** Domain events of the user module (past tense; listeners in other modules react, e.g. by revoking tokens). */
public final class UserEvents {

    private UserEvents() {
    }

    public record UserCreated(long userId, String username, Role role, Long createdBy) implements AuditableEvent {
        @Override
        public String action() {
            return "user.created";
        }

        @Override
        public String targetType() {
            return "user";
        }

        @Override
        public String targetId() {
            return Long.toString(userId);
        }

        @Override
        public Map<String, Object> after() {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("username", username);
            after.put("role", role.value());
            return after;
        }
    }

    /** An admin changed a user's role, status, email, name or password (the password itself is never recorded). */
    public record UserUpdated(long userId, Map<String, Object> before, Map<String, Object> after)
            implements AuditableEvent {
        @Override
        public String action() {
            return "user.updated";
        }

        @Override
        public String targetType() {
            return "user";
        }

        @Override
        public String targetId() {
            return Long.toString(userId);
        }
    }

    public record ApiKeyCreated(long userId, long keyId, String name) implements AuditableEvent {
        @Override
        public String action() {
            return "api_key.created";
        }

        @Override
        public String targetType() {
            return "api_key";
        }

        @Override
        public String targetId() {
            return Long.toString(keyId);
        }

        @Override
        public Map<String, Object> after() {
            return Map.of("user_id", userId, "name", name);
        }
    }

    public record ApiKeyRevoked(long userId, long keyId) implements AuditableEvent {
        @Override
        public String action() {
            return "api_key.revoked";
        }

        @Override
        public String targetType() {
            return "api_key";
        }

        @Override
        public String targetId() {
            return Long.toString(keyId);
        }
    }

    /** The password changed, or the account was deactivated: every session of the user must end. */
    public record CredentialsInvalidated(long userId, String reason) implements AuditableEvent {
        @Override
        public String action() {
            return "user.sessions_ended";
        }

        @Override
        public String targetType() {
            return "user";
        }

        @Override
        public String targetId() {
            return Long.toString(userId);
        }
    }
}
