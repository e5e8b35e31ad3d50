package io.ftfleet.audit;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import io.ftfleet.core.AuditableEvent;
import io.ftfleet.core.RequestIds;
import io.ftfleet.user.CurrentUser;

import org.springframework.context.event.EventListener;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one entry per {@link AuditableEvent}, synchronously, on the publisher's thread: who (security context),
 * from where (the current HTTP request, if any) and what (the event).
 *
 * <p>Which transaction the entry joins:
 * <ul>
 * <li>a successful action joins the publisher's transaction, so the entry exists exactly when the change was
 * committed (a rolled-back change leaves no entry);</li>
 * <li>a denied or failed action is written in a transaction of its own, because its publisher is usually about to
 * throw and roll back, which would otherwise erase the record of the refusal — unless the publisher's
 * transaction already appended an entry and so holds the chain lock, where a second transaction would wait for
 * that lock forever;</li>
 * <li>a read-only publisher transaction cannot insert, so the entry gets its own.</li>
 * </ul>
 * If the entry cannot be written the exception reaches the publisher: an action that cannot be audited fails.
 */
@Component
class AuditRecorder {

    /** Bound to a transaction once it has appended (and so holds the chain head's lock). */
    private static final Object HOLDS_CHAIN_LOCK = new Object();

    private final AuditLog log;
    private final AuditDetails details;
    private final Clock clock;
    private final TransactionTemplate joining;
    private final TransactionTemplate separate;

    AuditRecorder(AuditLog log, JsonMapper json, Clock clock, PlatformTransactionManager transactions) {
        this.log = log;
        this.details = new AuditDetails(json);
        this.clock = clock;
        this.joining = new TransactionTemplate(transactions);
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @EventListener
    void on(AuditableEvent event) {
        AuditEntry draft = draft(event);
        boolean inTransaction = TransactionSynchronizationManager.isActualTransactionActive();
        boolean holdsLock = inTransaction && TransactionSynchronizationManager.hasResource(HOLDS_CHAIN_LOCK);
        boolean join = inTransaction && !TransactionSynchronizationManager.isCurrentTransactionReadOnly()
                && (outcome(event) == AuditableEvent.Outcome.SUCCESS || holdsLock);
        if (join) {
            joining.executeWithoutResult(status -> {
                log.append(draft);
                markLockHeld();
            });
        } else {
            separate.executeWithoutResult(status -> log.append(draft));
        }
    }

    /** The entry without id and hashes (the chain assigns those). */
    AuditEntry draft(AuditableEvent event) {
        CurrentUser actor = actor();
        HttpServletRequest request = request();
        AuditableEvent.Outcome outcome = outcome(event);
        return new AuditEntry(0, clock.instant().truncatedTo(ChronoUnit.MICROS), actor == null ? null : actor.id(),
                actor == null ? null : cut(actor.username(), 50), actor == null ? null : actor.role().value(),
                request == null ? null : cut(request.getRemoteAddr(), 64), cut(RequestIds.current(), 64),
                request == null ? null : cut(request.getMethod(), 16),
                request == null ? null : cut(request.getRequestURI(), 2048), statusCode(outcome),
                cut(event.action() == null ? "unknown" : event.action(), 100), cut(event.targetType(), 50),
                cut(event.targetId(), 200), outcome.name().toLowerCase(Locale.ROOT), cut(event.reason(), 1000),
                details.of(event.before(), event.after()), null, null);
    }

    /**
     * The original's {@code status_code} column held the HTTP status of the request. An entry is written before
     * the response exists, so it is derived from the outcome: success 200, denied 403, failed 500.
     */
    static int statusCode(AuditableEvent.Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> 200;
            case DENIED -> 403;
            case FAILED -> 500;
        };
    }

    private static AuditableEvent.Outcome outcome(AuditableEvent event) {
        return event.outcome() == null ? AuditableEvent.Outcome.SUCCESS : event.outcome();
    }

    private static void markLockHeld() {
        if (TransactionSynchronizationManager.hasResource(HOLDS_CHAIN_LOCK)
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.bindResource(HOLDS_CHAIN_LOCK, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(HOLDS_CHAIN_LOCK);
            }
        });
    }

    /** Null when the system acts (start-up, schedulers) or the caller is not authenticated yet. */
    private static CurrentUser actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof CurrentUser user ? user : null;
    }

    private static HttpServletRequest request() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }

    /**
     * Values are cut to their column's size before hashing, so what is hashed is exactly what is stored: never
     * between the two halves of a surrogate pair, and without NUL characters (PostgreSQL refuses them in text).
     */
    static String cut(String value, int max) {
        if (value == null) {
            return null;
        }
        String clean = value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
        if (clean.length() <= max) {
            return clean;
        }
        int end = Character.isHighSurrogate(clean.charAt(max - 1)) ? max - 1 : max;
        return clean.substring(0, end);
    }
}
