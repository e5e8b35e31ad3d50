package io.ftfleet.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.ftfleet.freqtrade.SimulatedBot;
import io.ftfleet.support.Api;
import io.ftfleet.support.ExternalBots;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Two users, each with a real simulator bot: the stream carries trade events taken from each bot's own message
 * websocket (entry_fill / exit_fill), and state changes, to the bot's owner only, and never the same trade twice.
 */
@FullStackTest
class BotWebsocketEventTests {

    @DynamicPropertySource
    static void fast(DynamicPropertyRegistry registry) {
        registry.add("ftfleet.fleet.poll-interval", () -> "300ms");
        registry.add("ftfleet.events.trade-poll-interval", () -> "300ms");
    }

    @LocalServerPort
    int port;
    @Autowired
    EventStream stream;

    @Test
    void ownersReceiveTradeEventsFromTheirBotsWebsocketAndStateChangesButNothingOfOtherUsersBots() throws Exception {
        Api api = new Api(port);
        String alice = api.tokenFor("ws-alice", "operator");
        String bob = api.tokenFor("ws-bob", "operator");
        try (SimulatedBot aliceSim = SimulatedBot.start(Files.createTempDirectory("ws-alice"));
                SimulatedBot bobSim = SimulatedBot.start(Files.createTempDirectory("ws-bob"))) {
            long aliceBot = ExternalBots.register(api, alice, "ws-alice-bot", aliceSim);
            long bobBot = ExternalBots.register(api, bob, "ws-bob-bot", bobSim);

            EventStreamTests.Client client = new EventStreamTests.Client(true);
            HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws?token=" + alice), client).join();
            assertThat(client.next("connected")).isNotNull();
            FleetAwait.until(() -> stream.tradeEventsFromWebsocket(aliceBot) && stream.tradeEventsFromWebsocket(bobBot),
                    Duration.ofSeconds(30));

            // Collect for a while: the simulator opens and closes a trade every few 0.3 s steps.
            List<JsonNode> received = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < until) {
                JsonNode m = client.next(x -> true, Duration.ofMillis(200));
                if (m != null) {
                    received.add(m);
                }
            }
            List<JsonNode> trades = received.stream().filter(m -> m.get("type").asString().startsWith("trade.")).toList();
            assertThat(trades).isNotEmpty();
            assertThat(trades).allMatch(m -> m.get("botId").asLong() == aliceBot)
                    .allMatch(m -> m.get("data").get("source").asString().equals("bot_websocket"));
            List<JsonNode> closed = trades.stream().filter(m -> m.get("type").asString().equals("trade.closed")).toList();
            assertThat(closed).isNotEmpty();
            Set<Integer> closedIds = new HashSet<>();
            for (JsonNode c : closed) {
                assertThat(closedIds.add(c.get("data").get("trade_id").asInt())).as("each trade closed once").isTrue();
            }
            assertThat(trades.stream().filter(m -> m.get("type").asString().equals("trade.opened"))).isNotEmpty();

            // The bot's own trade list has the closed trades the stream announced, with the same profit.
            JsonNode history = api.get("/api/v1/bots/" + aliceBot + "/trades?limit=500", alice).json();
            JsonNode list = history.has("trades") ? history.get("trades") : history;
            JsonNode first = closed.get(0).get("data");
            boolean found = false;
            for (JsonNode t : list) {
                if (t.get("trade_id").asInt() == first.get("trade_id").asInt()) {
                    found = true;
                    assertThat(t.get("close_profit_abs").asDouble()).isEqualTo(first.get("profit_amount").asDouble());
                }
            }
            assertThat(found).as("trade " + first + " in the bot's trades").isTrue();

            // A state change of alice's bot reaches her; bob's does not.
            assertThat(api.postJson("/api/v1/bots/" + bobBot + "/pause", bob, "").status()).isEqualTo(200);
            assertThat(api.postJson("/api/v1/bots/" + aliceBot + "/pause", alice, "").status()).isEqualTo(200);
            JsonNode state = client.next(m -> m.get("type").asString().equals("bot.state"), Duration.ofSeconds(10));
            assertThat(state).isNotNull();
            assertThat(state.get("botId").asLong()).isEqualTo(aliceBot);
            assertThat(client.next(m -> m.path("botId").asLong(-1) == bobBot, Duration.ofSeconds(2))).isNull();
        }
    }

    /** Polls a condition. */
    static final class FleetAwait {
        static void until(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (condition.getAsBoolean()) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("condition not met within " + timeout);
        }
    }
}
