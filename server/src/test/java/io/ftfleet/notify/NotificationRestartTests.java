package io.ftfleet.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.RestartableServer;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

/** The outbox outlives the server: deliveries pending when it stops go out after it starts again. */
class NotificationRestartTests {

    static final String SECRET = "whsec-restart-0123456789";
    static final String[] FAST = { "--ftfleet.notify.poll-interval=100ms", "--ftfleet.notify.backoff-base=200ms",
            "--ftfleet.notify.backoff-max=1s", "--ftfleet.notify.max-attempts=1000" };

    @Test
    void deliveriesPendingWhenTheServerStopsAreDeliveredAfterItStartsAgainWithTheirEventId() throws Exception {
        Path data = Files.createTempDirectory("ftfleet-notify-restart");
        int receiverPort;
        try (ServerSocket reserve = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            receiverPort = reserve.getLocalPort(); // nothing listens there until the second server runs
        }
        String eventId;
        ConfigurableApplicationContext first = RestartableServer.start(data, FAST);
        try {
            Api api = new Api(port(first));
            String admin = api.adminToken();
            rearmWithAWebhookAt(api, admin, receiverPort, "after restart");
            JsonNode pending = Await.until(() -> api.get("/api/v1/notifications/deliveries", admin).json(),
                    d -> d.size() == 1 && d.get(0).get("attempts").asInt() >= 2, Duration.ofSeconds(30)).get(0);
            assertThat(pending.get("status").asString()).isIn("pending", "sending");
            assertThat(pending.get("last_error").asString()).contains("unreachable");
            eventId = pending.get("event_id").asString();
        } finally {
            first.close();
        }

        try (Receiver receiver = Receiver.webhookOn(receiverPort, SECRET)) {
            ConfigurableApplicationContext second = RestartableServer.start(data, FAST);
            try {
                Api api = new Api(port(second));
                String admin = api.adminToken();
                JsonNode body = Await.until(() -> receiver.delivered("trading.rearmed"), l -> !l.isEmpty(),
                        Duration.ofSeconds(60)).get(0);
                assertThat(body.get("id").asString()).isEqualTo(eventId);
                assertThat(receiver.requests).allMatch(Receiver.Request::signatureValid);
                JsonNode delivery = Await.until(() -> api.get("/api/v1/notifications/deliveries", admin).json().get(0),
                        d -> d.get("status").asString().equals("sent"), Duration.ofSeconds(10));
                assertThat(delivery.get("event_id").asString()).isEqualTo(eventId);
                assertThat(receiver.delivered("trading.rearmed")).hasSize(1);
            } finally {
                second.close();
            }
        }
    }

    /**
     * A real crash leaves what no clean stop does: a delivery claimed ({@code sending}) by a dispatcher that will never
     * finish or release it. The first server's own dispatcher is kept idle (it releases its claims when it stops);
     * a second dispatcher on the same database, the dead instance, claims the delivery and is mid-send to a receiver
     * that never answers when the server goes away, without its shutdown ever running. The next server reclaims it
     * after {@code claim-timeout} and delivers it once more, with the same event id.
     */
    @Test
    void aDeliveryClaimedByAServerThatDiedMidSendIsDeliveredOnceAfterTheRestartWithItsEventId() throws Exception {
        Path data = Files.createTempDirectory("ftfleet-notify-crash");
        int receiverPort;
        try (ServerSocket reserve = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            receiverPort = reserve.getLocalPort();
        }
        String eventId;
        Receiver hanging = Receiver.hanging(receiverPort, SECRET);
        try {
            ConfigurableApplicationContext first = RestartableServer.start(data, "--ftfleet.notify.poll-interval=1h",
                    "--ftfleet.notify.request-timeout=10m");
            try {
                Api api = new Api(port(first));
                String admin = api.adminToken();
                rearmWithAWebhookAt(api, admin, receiverPort, "after crash");
                eventId = Await.until(() -> api.get("/api/v1/notifications/deliveries", admin).json(),
                        d -> d.size() == 1, Duration.ofSeconds(30)).get(0).get("event_id").asString();

                Dispatcher dying = new Dispatcher(first.getBean(NotifyStore.class), first.getBean(Senders.class),
                        first.getBean(NotifyProperties.class), java.time.Clock.systemUTC(),
                        first.getBean(tools.jackson.databind.json.JsonMapper.class),
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
                dying.tick(); // never shut down: it dies with the server
                Await.until(() -> hanging.requests.size(), n -> n == 1, Duration.ofSeconds(30));
                JsonNode claimed = api.get("/api/v1/notifications/deliveries", admin).json().get(0);
                assertThat(claimed.get("status").asString()).isEqualTo("sending");
                assertThat(claimed.get("attempts").asInt()).isZero();
            } finally {
                first.close(); // its own dispatcher releases only what it claimed itself: nothing
            }
        } finally {
            hanging.close(); // the dead instance's connection ends unanswered; it can no longer record anything
        }
        assertThat(hanging.requests).singleElement().satisfies(r -> {
            assertThat(r.header("X-ftfleet-event-id")).isEqualTo(eventId);
            assertThat(r.answered()).isZero();
        });

        // The dead instance's connection to the hanging receiver may still hold the port for a moment.
        Receiver receiver = Await.until(() -> {
            try {
                return Receiver.webhookOn(receiverPort, SECRET);
            } catch (IOException e) {
                return null;
            }
        }, r -> r != null, Duration.ofSeconds(30));
        try (receiver) {
            ConfigurableApplicationContext second = RestartableServer.start(data,
                    "--ftfleet.notify.poll-interval=100ms", "--ftfleet.notify.claim-timeout=2s");
            try {
                Api api = new Api(port(second));
                String admin = api.adminToken();
                JsonNode body = Await.until(() -> receiver.delivered("trading.rearmed"), l -> !l.isEmpty(),
                        Duration.ofSeconds(60)).get(0);
                assertThat(body.get("id").asString()).isEqualTo(eventId);
                JsonNode delivery = Await.until(() -> api.get("/api/v1/notifications/deliveries", admin).json(),
                        d -> d.size() == 1 && d.get(0).get("status").asString().equals("sent"), Duration.ofSeconds(10))
                        .get(0);
                assertThat(delivery.get("event_id").asString()).isEqualTo(eventId);
                assertThat(delivery.get("attempts").asInt()).isEqualTo(1); // the crashed send was never an outcome
                assertThat(receiver.requests).singleElement().satisfies(r -> {
                    assertThat(r.header("X-ftfleet-event-id")).isEqualTo(eventId);
                    assertThat(r.signatureValid()).isTrue();
                });
            } finally {
                second.close();
            }
        }
    }

    static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** A webhook channel for trading.rearmed at the receiver's port, then a re-arm: one delivery to make. */
    static void rearmWithAWebhookAt(Api api, String admin, int receiverPort, String name) {
        Api.Response created = api.postJson("/api/v1/notifications/channels", admin, "{\"type\":\"webhook\","
                + "\"name\":\"" + name + "\",\"url\":\"http://127.0.0.1:" + receiverPort + "/h\",\"secret\":\""
                + SECRET + "\",\"events\":[\"trading.rearmed\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(api.postJson("/api/v1/emergency/rearm", admin, "").status()).isEqualTo(200);
    }
}
