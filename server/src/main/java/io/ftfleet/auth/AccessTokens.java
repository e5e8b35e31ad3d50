package io.ftfleet.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.ftfleet.core.DataDirectory;
import io.ftfleet.core.RequestIds;
import io.ftfleet.core.Secrets;
import io.ftfleet.user.UserAccount;

import com.nimbusds.jose.jwk.source.ImmutableSecret;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidationException;
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

    /** Bounded: verified tokens kept for reuse; cleared when full (then each is verified again once). */
    static final int VERIFIED_CACHE_SIZE = 10_000;

    private final JwtEncoder encoder;
    private final NimbusJwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> validator;
    /**
     * Tokens whose signature was verified and whose claims were parsed, by their exact text. A token is sent with
     * every request, and parsing plus the HMAC were the largest share of a trivial request's CPU after the database
     * left the path; the validators (expiry, issuer, type, revocation) still run on every request.
     */
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    AccessTokens(AuthProperties properties, DataDirectory dataDirectory, RevokedAccessTokens revoked, Clock clock) {
        SecretKey key = new SecretKeySpec(secret(properties, dataDirectory), "HmacSHA256");
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        this.validator = new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(ISSUER),
                jwt -> "access".equals(jwt.getClaimAsString("type")) ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "not an access token", null)),
                jwt -> revoked.isRevoked(jwt.getId())
                        ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "token revoked", null))
                        : OAuth2TokenValidatorResult.success());
        this.decoder.setJwtValidator(validator);
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
        return this::decode;
    }

    /** Signature and claims verified once per token text; the validators run every time. */
    Jwt decode(String token) {
        Jwt known = verified.get(token);
        if (known == null) {
            Jwt jwt = decoder.decode(token); // parse, verify the signature, validate
            if (verified.size() >= VERIFIED_CACHE_SIZE) {
                verified.clear();
            }
            verified.put(token, jwt);
            return jwt;
        }
        OAuth2TokenValidatorResult result = validator.validate(known);
        if (result.hasErrors()) {
            verified.remove(token);
            String description = result.getErrors().iterator().next().getDescription();
            throw new JwtValidationException("An error occurred while attempting to decode the Jwt: " + description,
                    result.getErrors());
        }
        return known;
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
