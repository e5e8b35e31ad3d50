package io.ftfleet.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.ftfleet.user.CurrentUser;
import io.ftfleet.user.Role;
import io.ftfleet.user.UserAccount;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Service;

/**
 * Verifies an access token outside the HTTP filter chain (e.g. for WebSocket clients) with exactly the REST API's
 * rules: signature, issuer, expiry, type, revocation, user active, token version. A long-lived connection keeps the
 * {@link Grant} it was admitted with and asks {@link #recheck(Grant)} again and again (from memory: the revocation
 * set and the account cache, both updated at once by logout and by the user module's events), so it loses what its
 * caller has lost.
 */
@Service
public class AccessTokenVerifier {

    private final AccessTokens tokens;
    private final FleetJwtConverter converter;
    private final RevokedAccessTokens revoked;
    private final AccountCache accounts;
    private final Clock clock;

    AccessTokenVerifier(AccessTokens tokens, FleetJwtConverter converter, RevokedAccessTokens revoked,
            AccountCache accounts, Clock clock) {
        this.tokens = tokens;
        this.converter = converter;
        this.revoked = revoked;
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * What a connection was admitted with: the user as of then, and for a token its id, expiry and the user's token
     * version (null for an API key, which does not expire and outlives password changes).
     */
    public record Grant(CurrentUser user, String tokenId, Instant expiresAt, Integer tokenVersion) {

        /** An API key's grant: only the user's own state applies. */
        public static Grant ofApiKey(CurrentUser user) {
            return new Grant(user, null, null, null);
        }
    }

    /** Why a grant no longer holds. {@code forbidden}: the user is still valid but has lost rights (a lower role). */
    public enum Lapse {
        EXPIRED("token expired", false), REVOKED("token revoked", false),
        ENDED("user deactivated, removed or credentials changed", false), ROLE_REDUCED("role no longer allowed", true);

        private final String reason;
        private final boolean forbidden;

        Lapse(String reason, boolean forbidden) {
            this.reason = reason;
            this.forbidden = forbidden;
        }

        public String reason() {
            return reason;
        }

        public boolean forbidden() {
            return forbidden;
        }
    }

    public Optional<CurrentUser> verify(String token) {
        return grant(token).map(Grant::user);
    }

    /** The grant of a valid token, or empty. */
    public Optional<Grant> grant(String token) {
        if (token == null || token.isBlank() || token.length() > 8192) {
            return Optional.empty();
        }
        try {
            Jwt jwt = tokens.decode(token.strip());
            CurrentUser user = ((FleetAuthentication) converter.convert(jwt)).getPrincipal();
            Object version = jwt.getClaims().get("ver");
            return Optional.of(new Grant(user, jwt.getId(), jwt.getExpiresAt(),
                    version instanceof Number n ? n.intValue() : null));
        } catch (JwtException | AuthenticationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Empty while the grant still holds; memory only (no database read unless the account was just changed). */
    public Optional<Lapse> recheck(Grant grant) {
        if (grant.expiresAt() != null && !clock.instant().isBefore(grant.expiresAt())) {
            return Optional.of(Lapse.EXPIRED);
        }
        if (grant.tokenId() != null && revoked.isRevoked(grant.tokenId())) {
            return Optional.of(Lapse.REVOKED);
        }
        Optional<UserAccount> account = accounts.find(grant.user().id());
        if (account.isEmpty() || !account.get().active()
                || (grant.tokenVersion() != null && account.get().tokenVersion() != grant.tokenVersion())) {
            return Optional.of(Lapse.ENDED);
        }
        if (rank(account.get().role()) < rank(grant.user().role())) {
            return Optional.of(Lapse.ROLE_REDUCED);
        }
        return Optional.empty();
    }

    private static int rank(Role role) {
        return switch (role) {
            case ADMIN -> 2;
            case OPERATOR -> 1;
            case VIEWER -> 0;
        };
    }
}
