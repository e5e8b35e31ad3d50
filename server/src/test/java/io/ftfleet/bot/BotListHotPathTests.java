package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A poller that revalidates an unchanged bot list (with or without {@code If-None-Match}) is served from memory: no
 * database connection on the request thread. A write of a bot in this server still shows on the very next request.
 */
@FullStackTest
class BotListHotPathTests {

    private static final int REQUESTS = 50;

    /** Connections taken on Tomcat's request threads; background work (poller, job queue) is not counted. */
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

    @Test
    void anUnchangedListIsServedWithoutTheDatabaseAndAWriteShowsOnTheNextRequest() {
        Api api = new Api(port);
        String token = api.tokenFor("hotlist", "operator");
        long id = api.postJson("/api/v1/bots/", token, BotRegistryTests.createBody("hot-a")).json().get("id").asLong();
        Api.Response first = api.request("GET", "/api/v1/bots").bearer(token).send();
        String etag = first.header("etag");

        int before = ON_REQUEST_THREADS.get();
        int served = 0;
        for (int i = 0; i < REQUESTS; i++) {
            // Within MAX_AGE the answer is the cached one; a rebuild after it (a loaded machine) may take one.
            Api.Response again = api.request("GET", "/api/v1/bots").bearer(token).header("If-None-Match", etag).send();
            assertThat(again.status()).isEqualTo(304);
            served++;
        }
        assertThat(served).isEqualTo(REQUESTS);
        assertThat(ON_REQUEST_THREADS.get() - before).isLessThan(REQUESTS / 5);

        assertThat(api.request("PUT", "/api/v1/bots/" + id).bearer(token).json("{\"description\":\"hot change\"}")
                .send().status()).isEqualTo(200);
        Api.Response next = api.request("GET", "/api/v1/bots").bearer(token).header("If-None-Match", etag).send();
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.json().get(0).get("description").asString()).isEqualTo("hot change");
    }
}
