package io.ftfleet.auth;

import java.time.Duration;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import io.ftfleet.core.ApiException;

import org.springframework.http.ResponseCookie;

/**
 * The dashboard's refresh cookie: HttpOnly (script cannot read it), SameSite=Strict, Secure when the request came
 * over TLS, and sent only to the cookie routes under {@link #PATH}. A browser sends it on its own, so those routes
 * also require the {@value #HEADER} header, which a cross-site form or link cannot add (and a cross-origin script
 * only after a CORS preflight that this server answers for configured origins only): no CSRF through the cookie.
 */
final class UiCookies {

    static final String NAME = "ftfleet_refresh";
    static final String PATH = "/api/v1/auth/ui";
    static final String HEADER = "X-FTFleet-UI";

    private UiCookies() {
    }

    static void requireUiHeader(HttpServletRequest request) {
        if (!"1".equals(request.getHeader(HEADER))) {
            throw ApiException.forbidden("ui_header_required",
                    "This route is for the dashboard: send the header " + HEADER + ": 1");
        }
    }

    static String refreshToken(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (NAME.equals(c.getName()) && !c.getValue().isBlank()) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    static String refresh(String token, long maxAgeSeconds, HttpServletRequest request) {
        return cookie(token, Duration.ofSeconds(maxAgeSeconds), request);
    }

    static String cleared(HttpServletRequest request) {
        return cookie("", Duration.ZERO, request);
    }

    private static String cookie(String value, Duration maxAge, HttpServletRequest request) {
        return ResponseCookie.from(NAME, value).httpOnly(true).secure(request.isSecure()).sameSite("Strict").path(PATH)
                .maxAge(maxAge).build().toString();
    }
}
