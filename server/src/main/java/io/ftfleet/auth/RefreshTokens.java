package io.ftfleet.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.ftfleet.core.Secrets;
import io.ftfleet.user.UserEvents;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rotating refresh tokens. Every use returns a new token of the same family and retires the old one; presenting a
 * retired token again means it was stolen or replayed, so the whole family is revoked.
 */
@Component
class RefreshTokens {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokens.class);

    private final RefreshTokenRepository repository;
    private final Duration ttl;
    private final Clock clock;

    RefreshTokens(RefreshTokenRepository repository, AuthProperties properties, Clock clock) {
        this.repository = repository;
        this.ttl = properties.refreshTokenTtl();
        this.clock = clock;
    }

    record Issued(String token, long expiresIn) {
    }

    sealed interface Rotation {
        record Rotated(long userId, Issued next) implements Rotation {
        }

        record Refused(String reason) implements Rotation {
        }
    }

    @Transactional
    Issued issueNewFamily(long userId) {
        return issue(userId, UUID.randomUUID().toString());
    }

    /**
     * Never throws for a bad token: a reuse must revoke the family, and that revocation has to commit even though
     * the caller then answers 401.
     */
    @Transactional
    Rotation rotate(String presented) {
        if (presented == null || presented.isBlank() || presented.length() > 200) {
            return new Rotation.Refused("missing");
        }
        Optional<RefreshToken> found = repository.findByTokenHash(Secrets.sha256Hex(presented));
        if (found.isEmpty()) {
            return new Rotation.Refused("unknown");
        }
        RefreshToken token = found.get();
        Instant now = clock.instant();
        if (token.revokedAt() != null) {
            return new Rotation.Refused("revoked");
        }
        if (token.expiresAt().isBefore(now)) {
            return new Rotation.Refused("expired");
        }
        if (token.rotatedAt() != null || repository.markRotated(token.id(), now) == 0) {
            repository.revokeFamily(token.familyId(), now, "reuse_detected");
            log.warn("Refresh token reuse detected for user {}: revoked its token family", token.userId());
            return new Rotation.Refused("reused");
        }
        return new Rotation.Rotated(token.userId(), issue(token.userId(), token.familyId()));
    }

    /** Revokes the family of {@code presented} when it belongs to {@code userId}; false when it does not. */
    @Transactional
    boolean revokeFamilyOf(String presented, long userId) {
        if (presented == null || presented.length() > 200) {
            return false;
        }
        return repository.findByTokenHash(Secrets.sha256Hex(presented)).filter(t -> t.userId() == userId)
                .map(t -> repository.revokeFamily(t.familyId(), clock.instant(), "logout") >= 0).orElse(false);
    }

    @Transactional
    void revokeAll(long userId, String reason) {
        repository.revokeAllOfUser(userId, clock.instant(), reason);
    }

    /** Password changed or account deactivated: no session of the user may continue. */
    @EventListener
    void on(UserEvents.CredentialsInvalidated event) {
        revokeAll(event.userId(), event.reason());
    }

    /** Expired tokens are kept a while for reuse detection, then deleted. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    @Transactional
    void prune() {
        repository.deleteExpiredBefore(clock.instant().minus(Duration.ofDays(7)));
    }

    private Issued issue(long userId, String familyId) {
        String token = Secrets.randomToken(32);
        Instant now = clock.instant();
        repository.save(new RefreshToken(userId, familyId, Secrets.sha256Hex(token), now, now.plus(ttl)));
        return new Issued(token, ttl.toSeconds());
    }
}
