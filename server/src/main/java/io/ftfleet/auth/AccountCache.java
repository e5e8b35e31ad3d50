package io.ftfleet.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.ftfleet.user.UserAccount;
import io.ftfleet.user.UserEvents;
import io.ftfleet.user.Users;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The accounts behind authenticated requests, served from memory so that a request with a valid token touches
 * neither the database nor a lock (a {@link ConcurrentHashMap} read). An account is loaded once, on its first
 * request, and dropped when the user module says it changed (role, status, password, email, name): at once when the
 * event is published, and again after the change commits, so a request in between cannot put the old account back.
 * The very next request therefore sees the change. Changes made by another server instance on the same database
 * arrive through {@link #refresh()}, within {@code REFRESH} (a single query for all cached accounts, off the request
 * path).
 */
@Component
class AccountCache {

    /** How quickly another instance's changes are seen; this instance's own changes are seen at once. */
    static final String REFRESH = "PT5S";

    private final Users users;
    private final Map<Long, UserAccount> accounts = new ConcurrentHashMap<>();
    /** Counts evictions, so a refresh that read the table before a local change does not write the old rows back. */
    private final AtomicLong evictions = new AtomicLong();

    AccountCache(Users users) {
        this.users = users;
    }

    /** The account as of the last change this server knows of; empty if the user does not exist. */
    Optional<UserAccount> find(long userId) {
        UserAccount cached = accounts.get(userId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<UserAccount> loaded = users.findById(userId);
        // Only ever cache what exists: unknown ids (forged or deleted users) cannot fill memory.
        loaded.ifPresent(a -> accounts.put(userId, a));
        return loaded;
    }

    void evict(long userId) {
        evictions.incrementAndGet();
        accounts.remove(userId);
    }

    @EventListener
    void onUpdated(UserEvents.UserUpdated event) {
        evict(event.userId());
    }

    @EventListener
    void onCredentialsInvalidated(UserEvents.CredentialsInvalidated event) {
        evict(event.userId());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void afterUpdateCommitted(UserEvents.UserUpdated event) {
        evict(event.userId());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void afterCredentialsCommitted(UserEvents.CredentialsInvalidated event) {
        evict(event.userId());
    }

    /** Picks up changes written by other instances: one read of all users, replacing what is cached. */
    @Scheduled(fixedDelayString = REFRESH, initialDelayString = REFRESH)
    void refresh() {
        if (accounts.isEmpty()) {
            return;
        }
        long before = evictions.get();
        Map<Long, UserAccount> current = new HashMap<>();
        for (UserAccount account : users.list()) {
            current.put(account.id(), account);
        }
        if (evictions.get() != before) {
            return; // a local change raced this read; the next refresh reads again
        }
        accounts.replaceAll((id, old) -> current.getOrDefault(id, old));
        accounts.keySet().removeIf(id -> !current.containsKey(id));
    }
}
