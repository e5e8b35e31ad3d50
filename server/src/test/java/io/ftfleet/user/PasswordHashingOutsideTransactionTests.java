package io.ftfleet.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Argon2 (19 MiB, tens of ms) never runs inside a database transaction: creating a user, changing one's own
 * password and an admin's password reset hash first and write after, as logins already do. The password encoder is
 * wrapped to note, at each hash, whether a transaction is open on the calling thread.
 */
@FullStackTest
@Import(PasswordHashingOutsideTransactionTests.Recording.class)
class PasswordHashingOutsideTransactionTests {

    /** The real encoder, noting each call and whether a transaction was active during it. */
    static final class RecordingEncoder implements PasswordEncoder {
        final PasswordEncoder real = new UserConfig().passwordEncoder();
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String encode(CharSequence raw) {
            note("encode");
            return real.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            note("matches");
            return real.matches(raw, encoded);
        }

        private void note(String what) {
            calls.add(what + (TransactionSynchronizationManager.isActualTransactionActive() ? " in transaction" : ""));
        }
    }

    @TestConfiguration
    static class Recording {
        @Bean
        @Primary
        RecordingEncoder recordingEncoder() {
            return new RecordingEncoder();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    RecordingEncoder encoder;

    @Test
    void creatingAUserChangingAPasswordAndAnAdminResetHashOutsideAnyTransaction() {
        Api api = new Api(port);
        String admin = api.adminToken();
        encoder.calls.clear();

        Api.Response created = api.postJson("/api/v1/users", admin, "{\"username\":\"hasher\",\"email\":"
                + "\"hasher@example.com\",\"password\":\"first-password-1\",\"role\":\"viewer\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        String token = api.login("hasher", "first-password-1").get("access_token").asString();
        Api.Response changed = api.postJson("/api/v1/auth/change-password", token,
                "{\"old_password\":\"first-password-1\",\"new_password\":\"second-password-2\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        Api.Response reset = api.request("PATCH", "/api/v1/users/" + id).bearer(admin)
                .json("{\"password\":\"third-password-3\"}").send();
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        api.login("hasher", "third-password-3");

        // create: encode; login: matches; change: matches + encode; reset: encode; login: matches.
        assertThat(encoder.calls).contains("encode", "matches").hasSizeGreaterThanOrEqualTo(6)
                .noneMatch(call -> call.endsWith("in transaction"));
    }
}
