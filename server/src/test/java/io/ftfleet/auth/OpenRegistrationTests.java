package io.ftfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

@FullStackTest
@TestPropertySource(properties = "ftfleet.auth.registration=open")
class OpenRegistrationTests {

    @LocalServerPort
    int port;

    @Test
    void registersViewerWhenRegistrationIsOpenAndRefusesDuplicates() {
        Api api = new Api(port);
        Api.Response r = api.postJson("/api/v1/auth/register", null,
                "{\"username\":\"newbie\",\"email\":\"newbie@example.com\",\"password\":\"password-123\",\"is_superuser\":true}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text("role")).isEqualTo("viewer");
        assertThat(r.json().get("is_superuser").asBoolean()).isFalse();

        Api.Response again = api.postJson("/api/v1/auth/register", null,
                "{\"username\":\"newbie\",\"email\":\"other@example.com\",\"password\":\"password-123\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("detail")).isEqualTo("Username or email already exists");
    }

    @Test
    void refusesShortPasswordAndBadEmailNamingEachField() {
        Api api = new Api(port);
        Api.Response r = api.postJson("/api/v1/auth/register", null,
                "{\"username\":\"x\",\"email\":\"not-an-email\",\"password\":\"short\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactlyInAnyOrder("username", "email", "password");
    }
}
