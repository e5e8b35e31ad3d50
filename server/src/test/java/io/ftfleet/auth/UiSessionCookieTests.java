package io.ftfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The dashboard's cookie routes, its static files and the CSP it is served with. */
@FullStackTest
class UiSessionCookieTests {

    static final String LOGIN = "{\"username\":\"admin\",\"password\":\"" + Api.ADMIN_PASSWORD + "\"}";

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    Api.Response uiLogin() {
        return api.request("POST", "/api/v1/auth/ui/login").header("X-FTFleet-UI", "1").json(LOGIN).send();
    }

    static String cookieValue(Api.Response r) {
        String setCookie = r.header("set-cookie");
        assertThat(setCookie).as("Set-Cookie").startsWith("ftfleet_refresh=");
        return setCookie.substring("ftfleet_refresh=".length(), setCookie.indexOf(';'));
    }

    Api.Response refresh(String cookie) {
        Api.Request request = api.request("POST", "/api/v1/auth/ui/refresh").header("X-FTFleet-UI", "1");
        if (cookie != null) {
            request.header("Cookie", "ftfleet_refresh=" + cookie);
        }
        return request.send();
    }

    @Test
    void loginSetsHttpOnlyStrictCookieLimitedToTheCookieRoutesAndKeepsTheRefreshTokenOutOfTheBody() {
        Api.Response r = uiLogin();

        assertThat(r.status()).isEqualTo(200);
        String setCookie = r.header("set-cookie");
        assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Path=/api/v1/auth/ui", "Max-Age=");
        assertThat(setCookie).as("plain HTTP: not Secure").doesNotContain("Secure");
        assertThat(r.text("access_token")).isNotBlank();
        assertThat(r.json().has("refresh_token")).isFalse();
        assertThat(r.body()).doesNotContain(cookieValue(r));
        assertThat(r.header("cache-control")).contains("no-store");
    }

    @Test
    void secureCookieWhenTheRequestCameOverTls() {
        String setCookie = UiCookies.refresh("t", 60, secureRequest());
        assertThat(setCookie).contains("Secure", "HttpOnly", "SameSite=Strict");
    }

    private static org.springframework.mock.web.MockHttpServletRequest secureRequest() {
        org.springframework.mock.web.MockHttpServletRequest request = new org.springframework.mock.web.MockHttpServletRequest();
        request.setSecure(true);
        return request;
    }

    @Test
    void refreshRotatesTheCookieAndTheOldOneStopsWorking() {
        String first = cookieValue(uiLogin());

        Api.Response rotated = refresh(first);
        assertThat(rotated.status()).isEqualTo(200);
        String second = cookieValue(rotated);
        assertThat(second).isNotEqualTo(first);
        assertThat(rotated.text("access_token")).isNotBlank();
        assertThat(api.get("/api/v1/auth/me", rotated.text("access_token")).status()).isEqualTo(200);

        Api.Response replay = refresh(first);
        assertThat(replay.status()).isEqualTo(401);
        // a replayed token revokes its family: the newer cookie is dead too
        assertThat(refresh(second).status()).isEqualTo(401);
    }

    @Test
    void refreshWithoutCookieIs401ProblemDetail() {
        Api.Response r = refresh(null);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("content-type")).startsWith("application/problem+json");
        assertThat(r.text("code")).isEqualTo("invalid_refresh_token");
        assertThat(r.text("detail")).isEqualTo("Invalid refresh token");
    }

    @Test
    void cookieRoutesRefuseRequestsWithoutTheDashboardHeader() {
        String cookie = cookieValue(uiLogin());

        Api.Response r = api.request("POST", "/api/v1/auth/ui/refresh").header("Cookie", "ftfleet_refresh=" + cookie)
                .send();
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text("code")).isEqualTo("ui_header_required");
        Api.Response login = api.request("POST", "/api/v1/auth/ui/login").json(LOGIN).send();
        assertThat(login.status()).isEqualTo(403);
        // the cookie was not used up by the refused call
        assertThat(refresh(cookie).status()).isEqualTo(200);
    }

    @Test
    void logoutRevokesTheRefreshTokenAndClearsTheCookie() {
        Api.Response login = uiLogin();
        String cookie = cookieValue(login);
        String access = login.text("access_token");

        Api.Response out = api.request("POST", "/api/v1/auth/ui/logout").bearer(access).header("X-FTFleet-UI", "1")
                .header("Cookie", "ftfleet_refresh=" + cookie).send();

        assertThat(out.status()).isEqualTo(200);
        assertThat(out.header("set-cookie")).startsWith("ftfleet_refresh=;").contains("Max-Age=0", "Path=/api/v1/auth/ui");
        assertThat(refresh(cookie).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/auth/me", access).status()).isEqualTo(401);
    }

    @Test
    void dashboardIsServedPubliclyWithAStrictCsp() {
        Api.Response root = api.get("/", null);
        assertThat(root.status()).isEqualTo(302);
        assertThat(root.header("location")).endsWith("/ui/");

        Api.Response index = api.get("/ui/", null);
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.body()).contains("<script type=\"module\" src=\"/ui/js/app.js\"></script>");
        String csp = index.header("content-security-policy");
        assertThat(csp).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(api.get("/ui/js/app.js", null).status()).isEqualTo(200);
        assertThat(api.get("/webjars/uplot/1.6.30/dist/uPlot.esm.js", null).status()).isEqualTo(200);

        // the API stays protected, and strict too
        Api.Response bots = api.get("/api/v1/bots", null);
        assertThat(bots.status()).isEqualTo(401);
        assertThat(bots.header("content-security-policy")).doesNotContain("unsafe-inline");
        // Swagger UI's own pages keep inline styles (its bundle writes style attributes), never inline scripts
        assertThat(api.get("/swagger-ui/index.html", null).header("content-security-policy"))
                .contains("script-src 'self';").doesNotContain("script-src 'self' 'unsafe-inline'");
    }
}
