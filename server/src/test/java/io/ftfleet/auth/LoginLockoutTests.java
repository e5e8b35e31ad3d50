package io.ftfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@FullStackTest
class LoginLockoutTests {

    @LocalServerPort
    int port;

    @Test
    void locksUsernameAfterFiveFailuresEvenForTheRightPassword() {
        Api api = new Api(port);
        api.tokenFor("frank", "viewer");
        for (int i = 0; i < 5; i++) {
            assertThat(api.postJson("/api/v1/auth/login/json", null, "{\"username\":\"frank\",\"password\":\"wrong-" + i + "\"}")
                    .status()).isEqualTo(401);
        }
        Api.Response locked = api.postJson("/api/v1/auth/login/json", null,
                "{\"username\":\"frank\",\"password\":\"password-frank\"}");
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.text("code")).isEqualTo("login_locked");
        assertThat(Long.parseLong(locked.header("retry-after"))).isBetween(800L, 900L);
        // Other users are not affected by frank's lock.
        assertThat(api.login("admin", Api.ADMIN_PASSWORD).get("access_token").asString()).isNotBlank();
    }
}
