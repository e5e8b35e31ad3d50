package io.ftfleet.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Logins under load: the Argon2 check runs outside any database transaction with a bounded number at once, and the
 * login time is written without a version check.
 */
@FullStackTest
class LoginLoadTests {

    @DynamicPropertySource
    static void noThrottles(DynamicPropertyRegistry registry) {
        // The per-IP lockout and the rate limit would answer most of the burst before it reaches the password check.
        registry.add("ftfleet.auth.lockout.max-failures-per-ip", () -> "100000");
        registry.add("ftfleet.auth.lockout.max-failures-per-user", () -> "100000");
        registry.add("ftfleet.auth.rate-limit.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void aHundredConcurrentLoginsOfUnknownUsersNeitherHoldThePoolNorMakeTheServerUnready() throws Exception {
        Api api = new Api(port);
        var pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
        ExecutorService clients = Executors.newFixedThreadPool(100);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> logins = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String body = "{\"username\":\"nobody-" + i + "\",\"password\":\"wrong-password-" + i + "\"}";
            logins.add(clients.submit(() -> {
                go.await();
                return api.postJson("/api/v1/auth/login/json", null, body).status();
            }));
        }
        AtomicBoolean storming = new AtomicBoolean(true);
        List<Integer> health = new ArrayList<>();
        Future<?> healthProbe = Executors.newSingleThreadExecutor().submit(() -> {
            while (storming.get()) {
                health.add(api.get("/health", null).status());
            }
        });
        int samples = 0;
        int starved = 0;
        go.countDown();
        // Sample the pool every 2 ms until every login has answered (waiting on the logins, not a fixed sleep).
        java.util.concurrent.CompletableFuture<Void> allAnswered = java.util.concurrent.CompletableFuture.runAsync(
                () -> logins.forEach(f -> {
                    try {
                        f.get();
                    } catch (Exception failedLogin) {
                        // its status is asserted below
                    }
                }));
        while (!allAnswered.isDone()) {
            samples++;
            if (pool.getThreadsAwaitingConnection() > 0) {
                starved++;
            }
            try {
                allAnswered.get(2, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException nextSample) {
                // not all answered yet: take the next sample
            }
        }
        storming.set(false);
        healthProbe.get(30, TimeUnit.SECONDS);
        clients.shutdown();

        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        for (Future<Integer> f : logins) {
            statuses.add(f.get());
        }
        // refused (401) or asked to come back (429 with Retry-After); never a 500, 503 or 409
        assertThat(statuses).isSubsetOf(Set.of(401, 429));
        assertThat(health).isNotEmpty().allMatch(s -> s == 200);
        // Requests waited for a database connection in at most a few of the samples (the very start of the burst,
        // when 100 look-ups arrive together), not throughout the hashing.
        assertThat(samples).isPositive();
        assertThat(starved).as("samples with threads waiting for a connection, of " + samples)
                .isLessThan(Math.max(3, samples / 10));
    }

    @Test
    void twoConcurrentCorrectLoginsOfOneUserBothSucceed() throws Exception {
        Api api = new Api(port);
        api.tokenFor("twice", "viewer");
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Api.Response>> both = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    both.add(clients.submit(() -> {
                        go.await();
                        return api.postJson("/api/v1/auth/login/json", null,
                                "{\"username\":\"twice\",\"password\":\"password-twice\"}");
                    }));
                }
                go.countDown();
                for (Future<Api.Response> f : both) {
                    Api.Response r = f.get(30, TimeUnit.SECONDS);
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                }
            }
        } finally {
            clients.shutdown();
        }
        assertThat(api.get("/api/v1/auth/me", api.login("twice", "password-twice").get("access_token").asString())
                .json().get("last_login").isNull()).isFalse();
    }
}
