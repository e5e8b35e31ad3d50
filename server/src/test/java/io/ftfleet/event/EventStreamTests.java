package io.ftfleet.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.ftfleet.risk.TradingSwitch;
import io.ftfleet.runtime.ObservedState;
import io.ftfleet.runtime.RuntimeEvents;
import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The live event stream over a real WebSocket (JDK client) against the whole server. */
@FullStackTest
class EventStreamTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(700);

    @LocalServerPort
    int port;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    EventStream stream;

    Api api;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    /** A client that records every message and how the socket closed. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final boolean reads;
        final StringBuilder partial = new StringBuilder();
        final AtomicInteger received = new AtomicInteger();
        WebSocket socket;

        Client(boolean reads) {
            this.reads = reads;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            if (reads) {
                webSocket.request(1);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(JSON.readTree(partial.toString()));
                received.incrementAndGet();
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error " + error);
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        /** The next message of that type (others are skipped), or fails after the wait. */
        JsonNode next(String type) throws InterruptedException {
            return next(m -> type.equals(m.get("type").asString()), WAIT);
        }

        JsonNode next(String type, Duration wait) throws InterruptedException {
            return next(m -> type.equals(m.get("type").asString()), wait);
        }

        JsonNode next(Predicate<JsonNode> wanted, Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode m = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (m != null && wanted.test(m)) {
                    return m;
                }
            }
            return null;
        }

        String closeWithin(Duration wait) throws Exception {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Client connect(String query, Map<String, String> headers, boolean reads) {
        Client client = new Client(reads);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws" + query), client).join();
        return client;
    }

    private Client connected(String token) throws InterruptedException {
        Client client = connect("?token=" + token, Map.of(), true);
        assertThat(client.next("connected")).as("connected").isNotNull();
        return client;
    }

    private record User(String token, long botId) {
    }

    /** A new operator with one bot of their own. */
    private User operatorWithBot() {
        String name = "ev" + UNIQUE.incrementAndGet() + "x" + System.nanoTime() % 100000;
        String token = api.tokenFor(name, "operator");
        Api.Response bot = api.postJson("/api/v1/bots/", token, "{\"name\":\"" + name + "-bot\",\"strategy_name\":\"S\","
                + "\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        return new User(token, bot.json().get("id").asLong());
    }

    private void observed(long botId, ObservedState state) {
        events.publishEvent(new RuntimeEvents.BotObserved(botId, state, 123L, 4567, "test", List.of()));
    }

    private static Predicate<JsonNode> botState(long botId) {
        return m -> m.get("type").asString().equals("bot.state") && m.get("botId").asLong() == botId;
    }

    @Test
    void tokenInQueryReceivesOwnBotsEventsOnlyAndAdminsReceiveAll() throws Exception {
        User alice = operatorWithBot();
        User bob = operatorWithBot();
        Client aliceClient = connected(alice.token());
        Client admin = connected(api.adminToken());

        observed(bob.botId(), ObservedState.RUNNING);
        observed(alice.botId(), ObservedState.CRASHED);

        JsonNode own = aliceClient.next(botState(alice.botId()), WAIT);
        assertThat(own).isNotNull();
        assertThat(own.get("type").asString()).isEqualTo("bot.state");
        assertThat(own.get("botId").asLong()).isEqualTo(alice.botId());
        assertThat(Instant.parse(own.get("at").asString())).isNotNull();
        assertThat(own.get("at").asString()).endsWith("Z");
        assertThat(own.get("data").get("state").asString()).isEqualTo("crashed");
        assertThat(own.get("data").get("pid").asLong()).isEqualTo(123L);
        assertThat(own.get("data").get("port").asInt()).isEqualTo(4567);
        assertThat(own.get("data").get("reason").asString()).isEqualTo("test");
        assertThat(aliceClient.next(botState(bob.botId()), QUIET)).as("another user's bot").isNull();

        assertThat(admin.next(botState(bob.botId()), WAIT)).isNotNull();
        assertThat(admin.next(botState(alice.botId()), WAIT)).isNotNull();

        events.publishEvent(new RuntimeEvents.BotRestartScheduled(alice.botId(), 2, 1500L, 1));
        JsonNode restart = aliceClient.next("bot.restart_scheduled");
        assertThat(restart.get("data").get("delay_ms").asLong()).isEqualTo(1500L);
    }

    /** The sessions' rights are re-checked from memory: a lapse closes the socket within a second, 4401 or 4403. */
    @Test
    void aRevokedTokensAndADeactivatedUsersSocketsAreClosedWithinASecond() throws Exception {
        String admin = api.adminToken();
        User alice = operatorWithBot();
        String bobName = "evbob" + UNIQUE.incrementAndGet() + "x" + System.nanoTime() % 100000;
        String bob = api.tokenFor(bobName, "operator");
        Client aliceClient = connected(alice.token());
        Client bobClient = connected(bob);

        assertThat(api.postJson("/api/v1/auth/logout", bob, "{}").status()).isEqualTo(200);
        assertThat(bobClient.closeWithin(Duration.ofSeconds(1))).isEqualTo("4401 token revoked");

        long aliceId = api.get("/api/v1/auth/me", alice.token()).json().get("id").asLong();
        assertThat(api.request("PATCH", "/api/v1/users/" + aliceId).bearer(admin).json("{\"is_active\":false}").send()
                .status()).isEqualTo(200);
        assertThat(aliceClient.closeWithin(Duration.ofSeconds(1)))
                .isEqualTo("4401 user deactivated, removed or credentials changed");
        observed(alice.botId(), ObservedState.RUNNING);
        assertThat(aliceClient.next(botState(alice.botId()), QUIET)).as("nothing after the close").isNull();
    }

    @Test
    void aLoweredRoleClosesTheSocketWith4403AndARaisedOneKeepsIt() throws Exception {
        String admin = api.adminToken();
        User carol = operatorWithBot();
        long carolId = api.get("/api/v1/auth/me", carol.token()).json().get("id").asLong();
        Client carolClient = connected(carol.token());

        api.request("PATCH", "/api/v1/users/" + carolId).bearer(admin).json("{\"role\":\"admin\"}").send();
        observed(carol.botId(), ObservedState.RUNNING);
        assertThat(carolClient.next(botState(carol.botId()), WAIT)).as("still served after a promotion").isNotNull();

        api.request("PATCH", "/api/v1/users/" + carolId).bearer(admin).json("{\"role\":\"viewer\"}").send();
        assertThat(carolClient.closeWithin(Duration.ofSeconds(1))).isEqualTo("4403 role no longer allowed");
    }

    @Test
    void aDeactivatedUsersApiKeySocketIsClosedToo() throws Exception {
        String admin = api.adminToken();
        String name = "evkey" + UNIQUE.incrementAndGet() + "x" + System.nanoTime() % 100000;
        String token = api.tokenFor(name, "operator");
        long id = api.get("/api/v1/auth/me", token).json().get("id").asLong();
        String key = api.postJson("/api/v1/users/" + id + "/api-keys", admin, "{\"name\":\"stream\"}").json()
                .get("key").asString();
        Client client = connect("", Map.of("X-API-Key", key), true);
        assertThat(client.next("connected")).isNotNull();
        api.request("PATCH", "/api/v1/users/" + id).bearer(admin).json("{\"is_active\":false}").send();
        assertThat(client.closeWithin(Duration.ofSeconds(1))).startsWith("4401 ");
    }

    @Test
    void subscriptionFiltersByTypeAndByBot() throws Exception {
        User alice = operatorWithBot();
        User bob = operatorWithBot();
        Client byType = connected(api.adminToken());
        Client byBot = connected(api.adminToken());
        byType.send("{\"type\":\"subscribe\",\"types\":[\"bot.restart_scheduled\"]}");
        assertThat(byType.next("subscribed")).isNotNull();
        byBot.send("{\"type\":\"subscribe\",\"bots\":[" + bob.botId() + "]}");
        JsonNode subscribed = byBot.next("subscribed");
        assertThat(subscribed.get("data").get("bots").get(0).asLong()).isEqualTo(bob.botId());

        observed(alice.botId(), ObservedState.RUNNING);
        observed(bob.botId(), ObservedState.RUNNING);
        events.publishEvent(new RuntimeEvents.BotRestartScheduled(alice.botId(), 1, 1000L, 1));

        assertThat(byType.next("bot.restart_scheduled").get("botId").asLong()).isEqualTo(alice.botId());
        assertThat(byType.next("bot.state", QUIET)).isNull();
        assertThat(byBot.next(botState(bob.botId()), WAIT)).isNotNull();
        assertThat(byBot.next(m -> m.get("botId").asLong() == alice.botId(), QUIET)).isNull();
    }

    @Test
    void missingOrInvalidCredentialsAreClosedWithPolicyViolation() throws Exception {
        Client invalid = connect("?token=not-a-jwt", Map.of(), true);
        assertThat(invalid.closeWithin(WAIT)).startsWith("1008");

        Client invalidKey = connect("?api_key=ftf_nope", Map.of(), true);
        assertThat(invalidKey.closeWithin(WAIT)).startsWith("1008");

        Client none = connect("", Map.of(), true);
        none.send("{\"type\":\"subscribe\"}");
        assertThat(none.closeWithin(WAIT)).startsWith("1008");

        Client badFirst = connect("", Map.of(), true);
        badFirst.send("{\"type\":\"auth\",\"token\":\"forged\"}");
        assertThat(badFirst.closeWithin(WAIT)).startsWith("1008");

        // The first message may carry a valid token instead of the query.
        User alice = operatorWithBot();
        Client firstMessage = connect("", Map.of(), true);
        firstMessage.send("{\"type\":\"auth\",\"token\":\"" + alice.token() + "\"}");
        assertThat(firstMessage.next("connected")).isNotNull();
        observed(alice.botId(), ObservedState.STOPPED);
        assertThat(firstMessage.next(botState(alice.botId()), WAIT)).isNotNull();
    }

    @Test
    void apiKeyAuthenticatesInHeaderAndQuery() throws Exception {
        User robot = operatorWithBot();
        long userId = api.get("/api/v1/auth/me", robot.token()).json().get("id").asLong();
        Api.Response created = api.postJson("/api/v1/users/" + userId + "/api-keys", api.adminToken(), "{\"name\":\"ws\"}");
        assertThat(created.status()).isEqualTo(201);
        String key = created.text("key");

        Client header = connect("", Map.of("X-API-Key", key), true);
        Client query = connect("?api_key=" + key, Map.of(), true);
        assertThat(header.next("connected")).isNotNull();
        assertThat(query.next("connected")).isNotNull();
        observed(robot.botId(), ObservedState.RUNNING);
        assertThat(header.next(botState(robot.botId()), WAIT)).isNotNull();
        assertThat(query.next(botState(robot.botId()), WAIT)).isNotNull();
    }

    @Test
    void tradingSwitchEventsReachEveryone() throws Exception {
        Client operator = connected(operatorWithBot().token());
        Client viewer = connected(api.tokenFor("evviewer" + UNIQUE.incrementAndGet(), "viewer"));
        events.publishEvent(new TradingSwitch.Tripped("drill"));
        for (Client c : List.of(operator, viewer)) {
            JsonNode disabled = c.next("trading.disabled");
            assertThat(disabled).isNotNull();
            assertThat(disabled.get("botId").isNull()).isTrue();
            assertThat(disabled.get("data").get("reason").asString()).isEqualTo("drill");
        }
        events.publishEvent(new TradingSwitch.Rearmed());
        assertThat(viewer.next("trading.rearmed")).isNotNull();
    }

    @Test
    void aClientThatDoesNotReadIsClosedAsSlowConsumerWhileOthersKeepReceiving() throws Exception {
        String admin = api.adminToken();
        Client normal = connected(admin);
        Client slow = connect("?token=" + admin, Map.of(), false);
        normal.send("{\"type\":\"subscribe\",\"types\":[\"flood\"]}");
        assertThat(normal.next("subscribed")).isNotNull();

        // Paced by the reading client: it never has more than a round in flight (far below the queue's 256), so on
        // a loaded machine too the only client that can overflow is the one that does not read.
        String pad = "x".repeat(16 * 1024);
        long before = stream.slowConsumersDetected();
        int sent = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stream.slowConsumersDetected() == before && System.nanoTime() < deadline) {
            stream.publish(new StreamEvent("flood", null, null, Instant.now(),
                    new StreamPayload.ErrorMessage("flood-" + sent, pad)));
            sent++;
            if (sent % 32 == 0) {
                int expectedSoFar = sent + 2;
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                        .until(() -> normal.received.get() >= expectedSoFar);
            }
        }
        assertThat(stream.slowConsumersDetected()).as("overflow after %d events", sent).isEqualTo(before + 1);
        assertThat(normal.closed).as("the reading client was never the slow one").isNotDone();

        // Once it reads again, what was already written arrives, then the slow-consumer close.
        slow.socket.request(Long.MAX_VALUE);
        assertThat(slow.closeWithin(Duration.ofSeconds(30))).startsWith("4008");

        int expected = sent;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (normal.received.get() < expected + 2 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(normal.received.get()).as("connected + subscribed + every flood event").isEqualTo(expected + 2);
        assertThat(normal.closed).isNotDone();
    }
}
