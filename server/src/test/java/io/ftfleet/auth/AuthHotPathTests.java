package io.ftfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * An authenticated request with a valid token is served from memory (no database connection), and still sees a
 * deactivation, a role change or a logout on the very next request.
 */
@FullStackTest
class AuthHotPathTests {

    private static final int REQUESTS = 200;

    /** Counts connections taken on Tomcat's request threads: background work (job queue, schedules) is not counted. */
    static final AtomicInteger ON_REQUEST_THREADS = new AtomicInteger();

    @TestConfiguration
    static class CountConnections {
        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof DataSource target)) {
                        return bean;
                    }
                    return new DelegatingDataSource(target) {
                        @Override
                        public Connection getConnection() throws SQLException {
                            if (Thread.currentThread().getName().startsWith("http-nio")) {
                                ON_REQUEST_THREADS.incrementAndGet();
                            }
                            return super.getConnection();
                        }
                    };
                }
            };
        }
    }

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void authenticatedRequestsWithAValidTokenTakeNoDatabaseConnection() {
        String token = api.tokenFor("hotpath", "viewer");
        assertThat(api.get("/api/v1/auth/me", token).status()).isEqualTo(200); // account now in memory
        int before = ON_REQUEST_THREADS.get();
        Set<String> requestIds = new HashSet<>();
        for (int i = 0; i < REQUESTS; i++) {
            Api.Response me = api.get("/api/v1/auth/me", token);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.text("username")).isEqualTo("hotpath");
            requestIds.add(me.header("x-request-id"));
        }
        assertThat(ON_REQUEST_THREADS.get() - before).isZero();
        assertThat(requestIds).hasSize(REQUESTS).allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    }

    @Test
    void deactivationRoleChangeAndLogoutApplyOnTheVeryNextRequest() {
        String admin = api.adminToken();
        String token = api.tokenFor("nextreq", "viewer");
        long id = api.get("/api/v1/auth/me", token).json().get("id").asLong();
        String second = api.login("nextreq", "password-nextreq").get("access_token").asString();
        assertThat(api.get("/api/v1/users", token).status()).isEqualTo(403);

        api.request("PATCH", "/api/v1/users/" + id).bearer(admin).json("{\"role\":\"admin\"}").send();
        assertThat(api.get("/api/v1/users", token).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/auth/me", token).text("role")).isEqualTo("admin");
        api.request("PATCH", "/api/v1/users/" + id).bearer(admin).json("{\"role\":\"viewer\"}").send();
        assertThat(api.get("/api/v1/users", token).status()).isEqualTo(403);

        assertThat(api.postJson("/api/v1/auth/logout", token, "{}").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/auth/me", token).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/auth/me", second).status()).isEqualTo(200);

        api.request("PATCH", "/api/v1/users/" + id).bearer(admin).json("{\"is_active\":false}").send();
        assertThat(api.get("/api/v1/auth/me", second).status()).isEqualTo(401);
    }
}
