package io.ftfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

@FullStackTest
@TestPropertySource(properties = "ftfleet.auth.rate-limit.requests=5")
class RateLimitTests {

    @LocalServerPort
    int port;

    @Test
    void rateLimitsPerClientWithRetryAfterButNeverHealth() {
        Api api = new Api(port);
        int limited = 0;
        Api.Response last = null;
        for (int i = 0; i < 8; i++) {
            last = api.get("/api/v1/info", null);
            if (last.status() == 429) {
                limited++;
            }
        }
        assertThat(limited).isGreaterThanOrEqualTo(3);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.header("retry-after")).matches("\\d+");
        assertThat(last.header("content-type")).startsWith("application/problem+json");
        assertThat(last.text("code")).isEqualTo("rate_limited");
        for (int i = 0; i < 10; i++) {
            assertThat(api.get("/health", null).status()).isEqualTo(200);
        }
    }
}
