package io.ftfleet.auth;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication settings.
 *
 * @param registration    {@code closed} (default: only admins create users) or {@code open} (anyone may register,
 *                        as a viewer)
 * @param jwtSecret       HMAC secret for access tokens, at least 32 bytes; when empty a random one is generated
 *                        once and kept in {@code <data-dir>/jwt-secret} (owner-only)
 * @param accessTokenTtl  access token lifetime
 * @param refreshTokenTtl refresh token lifetime (each use rotates it)
 * @param lockout         failed-login lockout
 * @param rateLimit       request rate limits per client IP and per user
 * @param cors            browser origins allowed to call the API
 */
@ConfigurationProperties("ftfleet.auth")
record AuthProperties(@DefaultValue("closed") Registration registration, String jwtSecret,
        @DefaultValue("30m") Duration accessTokenTtl, @DefaultValue("30d") Duration refreshTokenTtl,
        @DefaultValue Lockout lockout, @DefaultValue RateLimit rateLimit, @DefaultValue Cors cors) {

    enum Registration {
        OPEN, CLOSED
    }

    /**
     * @param maxFailuresPerUser failed logins for one username within {@code window} before it is locked
     * @param maxFailuresPerIp   failed logins from one client IP within {@code window} before it is locked
     * @param window             how far back failures count
     * @param duration           how long a lock lasts
     */
    record Lockout(@DefaultValue("5") int maxFailuresPerUser, @DefaultValue("20") int maxFailuresPerIp,
            @DefaultValue("15m") Duration window, @DefaultValue("15m") Duration duration) {
    }

    /**
     * @param enabled  turn rate limiting on or off
     * @param requests requests allowed per window, per client IP and per user ({@code /health} and
     *                 {@code /metrics} are exempt)
     * @param window   the window
     */
    record RateLimit(@DefaultValue("true") boolean enabled, @DefaultValue("100") int requests,
            @DefaultValue("60s") Duration window) {
    }

    /** @param allowedOrigins exact origins allowed for CORS (default: the original server's local dev origins) */
    record Cors(@DefaultValue({ "http://localhost:3000", "http://localhost:3001", "http://localhost:3002",
            "http://localhost:5173", "http://localhost:5174", "http://localhost:5175", "http://localhost:5176",
            "http://127.0.0.1:3000", "http://127.0.0.1:3001", "http://127.0.0.1:3002", "http://127.0.0.1:5173",
            "http://127.0.0.1:5174", "http://127.0.0.1:5175", "http://127.0.0.1:5176" }) List<String> allowedOrigins) {
    }
}
