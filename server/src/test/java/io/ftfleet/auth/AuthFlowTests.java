package io.ftfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

@FullStackTest
class AuthFlowTests {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void bootstrapsAdminAndLogsInWithJsonVariant() {
        JsonNode tokens = api.login("admin", Api.ADMIN_PASSWORD);
        assertThat(tokens.get("token_type").asString()).isEqualTo("bearer");
        assertThat(tokens.get("expires_in").asLong()).isEqualTo(1800);
        assertThat(tokens.get("refresh_token").asString()).hasSizeGreaterThan(30);
        assertThat(tokens.get("user").get("username").asString()).isEqualTo("admin");
        assertThat(tokens.get("user").get("is_superuser").asBoolean()).isTrue();
        assertThat(tokens.get("user").get("role").asString()).isEqualTo("admin");
        assertThat(tokens.get("user").get("last_login").asString()).endsWith("Z");
        assertThat(tokens.get("user").has("hashed_password")).isFalse();
    }

    @Test
    void logsInWithOauth2PasswordForm() {
        Api.Response r = api.request("POST", "/api/v1/auth/login")
                .form("grant_type=password&username=admin&password=" + Api.ADMIN_PASSWORD).send();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text("access_token")).isNotBlank();
    }

    @Test
    void aFormLoginReadsItsPercentEncodedPasswordAsUtf8() {
        String admin = api.adminToken();
        assertThat(api.postJson("/api/v1/users", admin, "{\"username\":\"umlaut\",\"email\":\"umlaut@example.com\","
                + "\"password\":\"pässwörd-ü1\",\"role\":\"viewer\"}").status()).isEqualTo(201);
        // no charset in the Content-Type, as browsers and OAuth2 clients send it
        String form = "grant_type=password&username=umlaut&password="
                + java.net.URLEncoder.encode("pässwörd-ü1", java.nio.charset.StandardCharsets.UTF_8);
        Api.Response r = api.request("POST", "/api/v1/auth/login").form(form).send();
        assertThat(r.status()).isEqualTo(200);
        // a declared other charset is overridden, as Spring Boot's forced request encoding did
        Api.Response declared = api.request("POST", "/api/v1/auth/login")
                .body("application/x-www-form-urlencoded; charset=ISO-8859-1",
                        form.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .send();
        assertThat(declared.status()).isEqualTo(200);
    }

    @Test
    void refusesWrongPasswordWithProblemDetail() {
        Api.Response json = api.postJson("/api/v1/auth/login/json", null, "{\"username\":\"admin\",\"password\":\"nope-nope\"}");
        assertThat(json.status()).isEqualTo(401);
        assertThat(json.header("content-type")).startsWith("application/problem+json");
        assertThat(json.text("detail")).isEqualTo("Incorrect username or password");
        assertThat(json.text("code")).isEqualTo("invalid_login");

        Api.Response form = api.request("POST", "/api/v1/auth/login").form("username=nobody-here&password=whatever1").send();
        assertThat(form.status()).isEqualTo(401);
        assertThat(form.header("www-authenticate")).isEqualTo("Bearer");
    }

    @Test
    void refusesFormLoginWithOtherGrantType() {
        Api.Response r = api.request("POST", "/api/v1/auth/login")
                .form("grant_type=client_credentials&username=admin&password=" + Api.ADMIN_PASSWORD).send();
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("grant_type");
    }

    @Test
    void meShowsAChangeToTheCallerOnTheVeryNextRequest() {
        String admin = api.adminToken();
        String viewer = api.tokenFor("me-changes", "viewer");
        Api.Response before = api.get("/api/v1/auth/me", viewer);
        assertThat(before.text("role")).isEqualTo("viewer");
        assertThat(api.get("/api/v1/auth/me", viewer).body()).isEqualTo(before.body());
        long id = before.json().get("id").asLong();

        Api.Response patched = api.request("PATCH", "/api/v1/users/" + id).bearer(admin)
                .json("{\"full_name\":\"Renamed Person\",\"role\":\"operator\"}").send();
        assertThat(patched.status()).isEqualTo(200);
        Api.Response after = api.get("/api/v1/auth/me", viewer);
        assertThat(after.text("full_name")).isEqualTo("Renamed Person");
        assertThat(after.text("role")).isEqualTo("operator");
        assertThat(after.header("content-type")).startsWith("application/json");
    }

    @Test
    void meReturnsTheCallerAndNeedsAToken() {
        String token = api.adminToken();
        Api.Response me = api.get("/api/v1/auth/me", token);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("username")).isEqualTo("admin");

        Api.Response anonymous = api.get("/api/v1/auth/me", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.text("detail")).isEqualTo("Not authenticated");
        Api.Response forged = api.get("/api/v1/auth/me", token.substring(0, token.length() - 4) + "AAAA");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.text("detail")).isEqualTo("Invalid authentication credentials");
    }

    @Test
    void refreshRotatesTheRefreshToken() {
        JsonNode first = api.login("admin", Api.ADMIN_PASSWORD);
        String refresh1 = first.get("refresh_token").asString();
        Api.Response r = api.postJson("/api/v1/auth/refresh", null, "{\"refresh_token\":\"" + refresh1 + "\"}");
        assertThat(r.status()).isEqualTo(200);
        String refresh2 = r.text("refresh_token");
        assertThat(refresh2).isNotEqualTo(refresh1);
        assertThat(api.get("/api/v1/auth/me", r.text("access_token")).status()).isEqualTo(200);

        Api.Response next = api.postJson("/api/v1/auth/refresh", null, "{\"refresh_token\":\"" + refresh2 + "\"}");
        assertThat(next.status()).isEqualTo(200);
    }

    @Test
    void reuseOfRotatedRefreshTokenRevokesTheWholeFamily() {
        String refresh1 = api.login("admin", Api.ADMIN_PASSWORD).get("refresh_token").asString();
        String refresh2 = api.postJson("/api/v1/auth/refresh", null, "{\"refresh_token\":\"" + refresh1 + "\"}")
                .text("refresh_token");

        Api.Response replay = api.postJson("/api/v1/auth/refresh", null, "{\"refresh_token\":\"" + refresh1 + "\"}");
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.text("code")).isEqualTo("invalid_refresh_token");
        // The legitimate successor dies with its family.
        assertThat(api.postJson("/api/v1/auth/refresh", null, "{\"refresh_token\":\"" + refresh2 + "\"}").status())
                .isEqualTo(401);
        // Other logins (other families) are untouched.
        String other = api.login("admin", Api.ADMIN_PASSWORD).get("refresh_token").asString();
        assertThat(api.postJson("/api/v1/auth/refresh", null, "{\"refresh_token\":\"" + other + "\"}").status())
                .isEqualTo(200);
    }

    @Test
    void refusesUnknownRefreshToken() {
        Api.Response r = api.postJson("/api/v1/auth/refresh", null, "{\"refresh_token\":\"made-up\"}");
        assertThat(r.status()).isEqualTo(401);
    }

    @Test
    void logoutEndsAccessTokenAndRefreshFamily() {
        JsonNode tokens = api.login("admin", Api.ADMIN_PASSWORD);
        String access = tokens.get("access_token").asString();
        String refresh = tokens.get("refresh_token").asString();

        Api.Response out = api.postJson("/api/v1/auth/logout", access, "{\"refresh_token\":\"" + refresh + "\"}");
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.text("message")).isEqualTo("Logged out successfully");
        assertThat(api.get("/api/v1/auth/me", access).status()).isEqualTo(401);
        assertThat(api.postJson("/api/v1/auth/refresh", null, "{\"refresh_token\":\"" + refresh + "\"}").status())
                .isEqualTo(401);
    }

    @Test
    void changePasswordEndsEverySessionAndEnforcesLength() {
        String token = api.tokenFor("carol", "operator");
        JsonNode second = api.login("carol", "password-carol");
        String refresh = second.get("refresh_token").asString();

        Api.Response tooShort = api.postJson("/api/v1/auth/change-password", token,
                "{\"old_password\":\"password-carol\",\"new_password\":\"short\"}");
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.json().get("errors").get(0).get("field").asString()).isEqualTo("new_password");

        Api.Response wrongOld = api.postJson("/api/v1/auth/change-password", token,
                "{\"old_password\":\"not-my-password\",\"new_password\":\"a-new-password\"}");
        assertThat(wrongOld.status()).isEqualTo(400);
        assertThat(wrongOld.text("detail")).isEqualTo("Password change failed. Check old password.");

        Api.Response ok = api.postJson("/api/v1/auth/change-password", token,
                "{\"old_password\":\"password-carol\",\"new_password\":\"a-new-password\"}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.text("message")).isEqualTo("Password changed successfully");

        assertThat(api.get("/api/v1/auth/me", token).status()).isEqualTo(401);
        assertThat(api.postJson("/api/v1/auth/refresh", null, "{\"refresh_token\":\"" + refresh + "\"}").status())
                .isEqualTo(401);
        assertThat(api.login("carol", "a-new-password").get("access_token").asString()).isNotBlank();
    }

    @Test
    void changePasswordAcceptsTheOriginalQueryParameters() {
        String token = api.tokenFor("dave", "viewer");
        Api.Response ok = api.request("POST", "/api/v1/auth/change-password?old_password=password-dave&new_password=another-pass")
                .bearer(token).send();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(api.login("dave", "another-pass").get("access_token").asString()).isNotBlank();
    }

    @Test
    void registrationIsClosedByDefault() {
        Api.Response r = api.postJson("/api/v1/auth/register", null,
                "{\"username\":\"mallory\",\"email\":\"m@example.com\",\"password\":\"password-123\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text("code")).isEqualTo("registration_closed");
    }

    @Test
    void deactivatedUserLosesAccessAtOnce() {
        String token = api.tokenFor("erin", "operator");
        long id = api.get("/api/v1/auth/me", token).json().get("id").asLong();
        Api.Response patched = api.request("PATCH", "/api/v1/users/" + id).bearer(api.adminToken())
                .json("{\"is_active\":false}").send();
        assertThat(patched.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/auth/me", token).status()).isEqualTo(401);
        assertThat(api.postJson("/api/v1/auth/login/json", null, "{\"username\":\"erin\",\"password\":\"password-erin\"}")
                .status()).isEqualTo(401);
    }
}
