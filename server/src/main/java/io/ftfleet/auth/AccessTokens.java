package io.ftfleet.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.ftfleet.core.DataDirectory;
import io.ftfleet.core.RequestIds;
import io.ftfleet.core.Secrets;
import io.ftfleet.user.UserAccount;

import com.nimbusds.jose.jwk.source.ImmutableSecret;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * Issues and verifies HS256 access tokens. Claims: {@code sub} (username, as in the original), {@code uid},
 * {@code role}, {@code ver} (the user's token version: a password change ends every older token), {@code type}
 * = access, {@code jti}, {@code iat}, {@code exp}.
 */
@Component
class AccessTokens {

    static final String ISSUER = "ftfleet";

    private final JwtEncoder encoder;
    private final NimbusJwtDecoder decoder;
    private final Duration ttl;
    private final Clock clock;

    AccessTokens(AuthProperties properties, DataDirectory dataDirectory, RevokedAccessTokens revoked, Clock clock) {
        SecretKey key = new SecretKeySpec(secret(properties, dataDirectory), "HmacSHA256");
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        this.decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(ISSUER),
                jwt -> "access".equals(jwt.getClaimAsString("type")) ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "not an access token", null)),
                jwt -> revoked.isRevoked(jwt.getId())
                        ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "token revoked", null))
                        : OAuth2TokenValidatorResult.success()));
        this.ttl = properties.accessTokenTtl();
        this.clock = clock;
    }

    record Issued(String token, Instant expiresAt, long expiresIn) {
    }

    Issued issue(UserAccount user) {
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(ISSUER).subject(user.username()).issuedAt(now)
                .expiresAt(expires).id(RequestIds.create()).claim("type", "access").claim("uid", user.id())
                .claim("role", user.role().value()).claim("ver", user.tokenVersion()).build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new Issued(token, expires, ttl.toSeconds());
    }

    JwtDecoder decoder() {
        return decoder;
    }

    Jwt decode(String token) {
        return decoder.decode(token);
    }

    /** A configured secret, or one generated on first start and kept owner-only in the data directory. */
    private static byte[] secret(AuthProperties properties, DataDirectory dataDirectory) {
        String configured = properties.jwtSecret();
        if (configured != null && !configured.isBlank()) {
            byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < 32) {
                throw new IllegalStateException("ftfleet.auth.jwt-secret must be at least 32 bytes long");
            }
            return bytes;
        }
        byte[] stored = dataDirectory.secretFile("jwt-secret",
                () -> Base64.getEncoder().encode(Secrets.randomBytes(64)));
        return Base64.getDecoder().decode(new String(stored, StandardCharsets.US_ASCII).trim());
    }
}
