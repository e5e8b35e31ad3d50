package io.ftfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Several server instances may share one database. What another instance writes (a logout, a deactivation) reaches
 * this instance's in-memory caches within their refresh bound ({@link AccountCache#REFRESH}), without any event here:
 * the writes below go straight to the tables, as another instance's would.
 */
@FullStackTest
class OtherInstanceAuthChangesTests {

    /** The documented bound plus slack for a loaded machine. */
    private static final Duration BOUND = Duration.parse(AccountCache.REFRESH).plusSeconds(10);
    private static final Pattern JTI = Pattern.compile("\"jti\"\\s*:\\s*\"([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void aLogoutOnAnotherInstanceIsRefusedHereWithinTheRefreshBound() {
        String token = api.tokenFor("elsewhere-out", "viewer");
        assertThat(api.get("/api/v1/auth/me", token).status()).isEqualTo(200);

        jdbc.update("insert into revoked_access_tokens (jti, expires_at) values (?, ?)", jti(token),
                Timestamp.from(Instant.now().plus(Duration.ofHours(1))));

        await().atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/auth/me", token).status() == 401);
    }

    @Test
    void aDeactivationOnAnotherInstanceIsRefusedHereWithinTheRefreshBound() {
        String token = api.tokenFor("elsewhere-off", "viewer");
        long id = api.get("/api/v1/auth/me", token).json().get("id").asLong();

        jdbc.update("update users set is_active = false where id = ?", id);

        await().atMost(BOUND).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/auth/me", token).status() == 401);
    }

    private static String jti(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher m = JTI.matcher(payload);
        assertThat(m.find()).as(payload).isTrue();
        return m.group(1);
    }
}
