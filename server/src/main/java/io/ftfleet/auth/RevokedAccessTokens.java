package io.ftfleet.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Access tokens ended by logout before their expiry. Checked on every request, so the set lives in memory;
 * the table keeps it across restarts (loaded at start) and is pruned as tokens expire. A logout on this instance is
 * refused on the very next request; a logout on another instance sharing the database is picked up by
 * {@link #refresh()} within {@link #REFRESH} (one read of the unexpired revocations, off the request path).
 */
@Component
class RevokedAccessTokens {

    /** How quickly another instance's logouts are seen (the same bound as {@link AccountCache#REFRESH}). */
    static final String REFRESH = AccountCache.REFRESH;

    private final RevokedAccessTokenRepository repository;
    private final Clock clock;
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    RevokedAccessTokens(RevokedAccessTokenRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
        refresh();
    }

    /** Adds the revocations written by other instances (and, at start, by this one before a restart). */
    @Scheduled(fixedDelayString = REFRESH, initialDelayString = REFRESH)
    void refresh() {
        repository.findByExpiresAtAfter(clock.instant()).forEach(t -> revoked.putIfAbsent(t.jti(), t.expiresAt()));
    }

    boolean isRevoked(String jti) {
        return jti != null && revoked.containsKey(jti);
    }

    @Transactional
    void revoke(String jti, Instant expiresAt) {
        if (jti == null || expiresAt == null || revoked.putIfAbsent(jti, expiresAt) != null) {
            return;
        }
        repository.save(new RevokedAccessToken(jti, expiresAt));
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    @Transactional
    void prune() {
        Instant now = clock.instant();
        revoked.values().removeIf(expires -> expires.isBefore(now));
        repository.deleteExpired(now);
    }
}
