package io.ftfleet.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code http_server_requests} as Prometheus sees it: one series per route pattern, bounded whatever is requested. */
@FullStackTest
class RequestMetricsTests {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void requestsAreTimedPerRoutePatternAndUnknownPathsAndMethodsShareOneSeries() {
        String token = api.adminToken();
        for (int i = 0; i < 30; i++) {
            assertThat(api.get("/api/v1/users/" + (1000 + i), token).status()).isEqualTo(404);
            assertThat(api.get("/no/such/route/" + i, token).status()).isEqualTo(404);
        }
        api.request("FROBNICATE", "/api/v1/auth/me").bearer(token).send();
        assertThat(api.get("/api/v1/auth/me", token).status()).isEqualTo(200);

        List<String> series = api.get("/metrics", token).body().lines()
                .filter(l -> l.startsWith("http_server_requests_seconds_count{")).toList();
        assertThat(series).anySatisfy(l -> assertThat(l).contains("uri=\"/api/v1/auth/me\"").contains("method=\"GET\"")
                .contains("status=\"200\"").contains("outcome=\"SUCCESS\"").contains("exception=\"none\""));
        // the id is in the path, not in the tag: one series for the route, whatever the id
        assertThat(series).filteredOn(l -> l.contains("uri=\"/api/v1/users/{userId}\"") && l.contains("status=\"404\"")
                && l.contains("exception=\"ApiException\"")).singleElement()
                .satisfies(l -> assertThat(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).isGreaterThanOrEqualTo(30));
        assertThat(series).noneMatch(l -> l.contains("/api/v1/users/10") || l.contains("/no/such/route"));
        assertThat(series).noneMatch(l -> l.contains("FROBNICATE"));
        assertThat(series).anySatisfy(l -> assertThat(l).contains("method=\"UNKNOWN\""));
    }

    @Test
    void aRequestRefusedByAHandledExceptionNamesItsExceptionAndOutcome() {
        String token = api.adminToken();
        api.postJson("/api/v1/auth/login/json", null, "{\"username\": \"admin\",");
        List<String> series = api.get("/metrics", token).body().lines()
                .filter(l -> l.startsWith("http_server_requests_seconds_count{")
                        && l.contains("uri=\"/api/v1/auth/login/json\"") && l.contains("status=\"400\""))
                .toList();
        assertThat(series).singleElement().satisfies(l -> assertThat(l).contains("outcome=\"CLIENT_ERROR\"")
                .doesNotContain("exception=\"none\""));
    }
}
