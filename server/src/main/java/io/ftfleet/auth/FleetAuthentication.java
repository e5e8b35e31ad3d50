package io.ftfleet.auth;

import java.time.Instant;
import java.util.List;

import io.ftfleet.user.CurrentUser;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated caller: by access token ({@code tokenId} and {@code expiresAt} set, so logout can end it) or by
 * API key (both null).
 */
final class FleetAuthentication extends AbstractAuthenticationToken {

    private final CurrentUser user;
    private final String tokenId;
    private final Instant expiresAt;

    FleetAuthentication(CurrentUser user, String tokenId, Instant expiresAt) {
        super(List.of(new SimpleGrantedAuthority(user.role().authority())));
        this.user = user;
        this.tokenId = tokenId;
        this.expiresAt = expiresAt;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public CurrentUser getPrincipal() {
        return user;
    }

    @Override
    public String getName() {
        return user.username();
    }

    String tokenId() {
        return tokenId;
    }

    Instant expiresAt() {
        return expiresAt;
    }
}
