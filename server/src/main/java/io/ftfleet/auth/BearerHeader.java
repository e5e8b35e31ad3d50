package io.ftfleet.auth;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;

/**
 * The bearer token of an {@code Authorization} header, with the rules of Spring Security's
 * {@code DefaultBearerTokenResolver} (RFC 6750 {@code b64token}; a header that starts with "bearer" in any case but is
 * not {@code Bearer <token>} is an invalid token; the query string and form body are never read) checked by a
 * character scan. The resolver's regular expression over a whole JWT was about 4 % of the CPU of an authenticated
 * request (docs/BENCHMARKS.md).
 */
final class BearerHeader {

    private static final String SCHEME = "bearer";

    private BearerHeader() {
    }

    /** The token; {@code null} when the header is absent or of another scheme. */
    static String token(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        int start = SCHEME.length() + 1;
        int length = authorization.length();
        if (length <= start || authorization.charAt(SCHEME.length()) != ' ') {
            throw malformed();
        }
        int i = start;
        while (i < length && isTokenChar(authorization.charAt(i))) {
            i++;
        }
        if (i == start) {
            throw malformed();
        }
        while (i < length && authorization.charAt(i) == '=') {
            i++;
        }
        if (i != length) {
            throw malformed();
        }
        return authorization.substring(start);
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    private static OAuth2AuthenticationException malformed() {
        return new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
    }
}
