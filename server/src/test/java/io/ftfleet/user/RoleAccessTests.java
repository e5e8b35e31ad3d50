package io.ftfleet.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@FullStackTest
class RoleAccessTests {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void adminCreatesUsersWithRoles() {
        Api.Response created = api.postJson("/api/v1/users", api.adminToken(),
                "{\"username\":\"olga\",\"email\":\"Olga@Example.com\",\"password\":\"password-olga\",\"role\":\"operator\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("role")).isEqualTo("operator");
        assertThat(created.text("email")).isEqualTo("olga@example.com");
        assertThat(api.get("/api/v1/users", api.adminToken()).json().valueStream().map(u -> u.get("username").asString()))
                .contains("admin", "olga");
    }

    @Test
    void operatorsAndViewersCannotAdministerUsers() {
        for (String role : new String[] { "operator", "viewer" }) {
            String token = api.tokenFor("nosy-" + role, role);
            Api.Response list = api.get("/api/v1/users", token);
            assertThat(list.status()).isEqualTo(403);
            assertThat(list.text("detail")).isEqualTo("Not enough permissions");
            assertThat(api.postJson("/api/v1/users", token,
                    "{\"username\":\"evil\",\"email\":\"e@example.com\",\"password\":\"password-1\",\"role\":\"admin\"}")
                    .status()).isEqualTo(403);
            assertThat(api.get("/api/v1/auth/me", token).status()).isEqualTo(200);
        }
    }

    @Test
    void adminCanChangeARoleAndItTakesEffectAtOnce() {
        String token = api.tokenFor("promoted", "viewer");
        long id = api.get("/api/v1/auth/me", token).json().get("id").asLong();
        assertThat(api.get("/api/v1/users", token).status()).isEqualTo(403);
        api.request("PATCH", "/api/v1/users/" + id).bearer(api.adminToken()).json("{\"role\":\"admin\"}").send();
        assertThat(api.get("/api/v1/users", token).status()).isEqualTo(200);
    }

    @Test
    void lastActiveAdminCannotBeDemoted() {
        Api.Response r = api.request("PATCH", "/api/v1/users/1").bearer(api.adminToken()).json("{\"role\":\"viewer\"}").send();
        assertThat(r.status()).isIn(200, 409);
        if (r.status() == 409) {
            assertThat(r.text("code")).isEqualTo("last_admin");
        }
    }

    @Test
    void apiKeyAuthenticatesAsItsUserUntilRevoked() {
        String admin = api.adminToken();
        api.tokenFor("robot", "operator");
        long robotId = api.get("/api/v1/users", admin).json().valueStream()
                .filter(u -> u.get("username").asString().equals("robot")).findFirst().orElseThrow().get("id").asLong();
        Api.Response created = api.postJson("/api/v1/users/" + robotId + "/api-keys", admin, "{\"name\":\"ci\"}");
        assertThat(created.status()).isEqualTo(201);
        String key = created.text("key");
        assertThat(key).startsWith("ftf_");

        Api.Response me = api.request("GET", "/api/v1/auth/me").header("X-API-Key", key).send();
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("username")).isEqualTo("robot");
        // Operators are not admins, whatever the credential.
        assertThat(api.request("GET", "/api/v1/users").header("X-API-Key", key).send().status()).isEqualTo(403);

        Api.Response listed = api.get("/api/v1/users/" + robotId + "/api-keys", admin);
        assertThat(listed.body()).doesNotContain(key);
        assertThat(listed.json().get(0).get("last_used_at").asString()).endsWith("Z");

        long keyId = created.json().get("id").asLong();
        assertThat(api.request("DELETE", "/api/v1/users/" + robotId + "/api-keys/" + keyId).bearer(admin).send().status())
                .isEqualTo(204);
        Api.Response revoked = api.request("GET", "/api/v1/auth/me").header("X-API-Key", key).send();
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.header("content-type")).startsWith("application/problem+json");
    }

    @Test
    void unknownApiKeyIsRefused() {
        Api.Response r = api.request("GET", "/api/v1/auth/me").header("X-API-Key", "ftf_not-a-key").send();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.text("detail")).isEqualTo("Invalid authentication credentials");
    }
}
