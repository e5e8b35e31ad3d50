package io.ftfleet.auth;

import java.util.Optional;

import io.ftfleet.user.CurrentUser;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Service;

/**
 * Verifies an access token outside the HTTP filter chain (e.g. for WebSocket clients) with exactly the REST API's
 * rules: signature, issuer, expiry, type, revocation, user active, token version.
 */
@Service
public class AccessTokenVerifier {

    private final AccessTokens tokens;
    private final FleetJwtConverter converter;

    AccessTokenVerifier(AccessTokens tokens, FleetJwtConverter converter) {
        this.tokens = tokens;
        this.converter = converter;
    }

    public Optional<CurrentUser> verify(String token) {
        if (token == null || token.isBlank() || token.length() > 8192) {
            return Optional.empty();
        }
        try {
            return Optional.of(((FleetAuthentication) converter.convert(tokens.decode(token.strip()))).getPrincipal());
        } catch (JwtException | AuthenticationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
