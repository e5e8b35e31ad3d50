package io.ftfleet.core;

import java.util.Map;

/**
 * A domain event that belongs in the audit trail. Modules publish their own past-tense events (e.g.
 * {@code BotCreated}) implementing this; the audit module listens for this one type, so no module calls the audit
 * trail directly and every action is recorded once, at the domain level, not per HTTP request.
 *
 * <p>{@code before}/{@code after} are plain snapshots (secrets already masked by the publisher).
 */
public interface AuditableEvent {

    enum Outcome {
        SUCCESS, DENIED, FAILED
    }

    /** Dotted verb, e.g. {@code bot.created}, {@code user.password_changed}. */
    String action();

    String targetType();

    String targetId();

    default Map<String, Object> before() {
        return null;
    }

    default Map<String, Object> after() {
        return null;
    }

    default Outcome outcome() {
        return Outcome.SUCCESS;
    }

    default String reason() {
        return null;
    }

    /** A refused action (403): published by the security layer so denials are audited too. */
    record Denied(String action, String targetType, String targetId, String reason) implements AuditableEvent {
        @Override
        public Outcome outcome() {
            return Outcome.DENIED;
        }
    }
}
