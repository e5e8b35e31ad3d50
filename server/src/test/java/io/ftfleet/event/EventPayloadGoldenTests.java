package io.ftfleet.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.ftfleet.fleet.BotSnapshot;
import io.ftfleet.job.JobEvents;
import io.ftfleet.risk.DrawdownGuardTripped;
import io.ftfleet.risk.TradingSwitch;
import io.ftfleet.runtime.ObservedState;
import io.ftfleet.runtime.RuntimeEvents;
import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Golden;
import io.ftfleet.support.Golden.Rules;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire shape of every stream message a client can be sent, against golden files captured from the code that
 * built each {@code data} payload as a map: envelope keys ({@code botId} camelCase), payload keys and their order,
 * null vs absent, int vs double and every deterministic value.
 */
@FullStackTest
class EventPayloadGoldenTests {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    JsonMapper json;

    @Test
    void everyStreamMessageKeepsItsWireShape() throws Exception {
        Api api = new Api(port);
        EventStreamTests.Client client = new EventStreamTests.Client(true);
        HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws?token=" + api.adminToken()), client)
                .join();
        // the user id depends on the users other tests created in this context
        golden("connected", client.next("connected"), Rules.loose("user_id"));

        client.send("{\"type\":\"ping\"}");
        golden("pong", client.next("pong"), Rules.EXACT);
        client.send("{\"type\":\"subscribe\",\"types\":[\"bot.state\",\"job.progress\"],\"bots\":[3,1]}");
        golden("subscribed-some", client.next("subscribed"), Rules.EXACT);
        client.send("{\"type\":\"subscribe\",\"types\":[7]}");
        golden("error", client.next("error"), Rules.EXACT);
        client.send("{\"type\":\"subscribe\"}");
        golden("subscribed-all", client.next("subscribed"), Rules.EXACT);

        // bot ids no bot has: owner unknown, so only admins see them, and nothing else reacts to them
        events.publishEvent(new RuntimeEvents.BotObserved(990001, ObservedState.RUNNING, 123L, 4567, "test", List.of()));
        golden("bot.state", client.next("bot.state"), Rules.EXACT);
        events.publishEvent(new RuntimeEvents.BotObserved(990001, ObservedState.STOPPED, null, null, null, List.of()));
        golden("bot.state-nulls", client.next("bot.state"), Rules.EXACT);
        events.publishEvent(new RuntimeEvents.BotRestartScheduled(990002, 2, 4000, 137));
        golden("bot.restart_scheduled", client.next("bot.restart_scheduled"), Rules.EXACT);
        events.publishEvent(new JobEvents.Progress(990003, 1, "backtest", "running", 3, 10, "simulating"));
        golden("job.progress", client.next("job.progress"), Rules.EXACT);
        events.publishEvent(new JobEvents.Progress(990003, 1, "backtest", "queued", null, null, null));
        golden("job.progress-nulls", client.next("job.progress"), Rules.EXACT);
        events.publishEvent(new JobEvents.Finished(990003, 1, "backtest", "failed", 2, "exit code 2"));
        golden("job.finished", client.next("job.finished"), Rules.EXACT);
        events.publishEvent(new TradingSwitch.Tripped("drill"));
        golden("trading.disabled", client.next("trading.disabled"), Rules.EXACT);
        events.publishEvent(new TradingSwitch.Rearmed());
        golden("trading.rearmed", client.next("trading.rearmed"), Rules.EXACT);
    }

    /** A guard's event is seen by everyone, its per-bot events by the bots' owners (an admin here). */
    @Test
    void drawdownGuardEventsKeepTheirWireShape() throws Exception {
        Api api = new Api(port);
        EventStreamTests.Client client = new EventStreamTests.Client(true);
        HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws?token=" + api.adminToken()), client)
                .join();
        assertThat(client.next("connected")).isNotNull();
        // a guard on no bot: nothing is stopped, only the stream reports it
        events.publishEvent(new DrawdownGuardTripped(990004, "ten-percent", "core", true, "USDT", 1000, 880, 12.0,
                10, List.of(), true));
        golden("risk.drawdown_guard_tripped", client.next("risk.drawdown_guard_tripped"), Rules.EXACT);
    }

    /** Trade events derived from snapshot diffs, as serialised by the server's own mapper. */
    @Test
    void snapshotDiffTradeEventsKeepTheirWireShape() {
        TradeDiff diff = new TradeDiff();
        Instant at = Instant.parse("2026-11-01T00:00:00Z");
        diff.next(List.of(snapshot(1, 3, 12.5)), at);
        List<StreamEvent> grown = diff.next(List.of(snapshot(3, 5, 14.25)), at);
        assertThat(grown).hasSize(2);
        golden("trade.closed-snapshot_diff", json.readTree(grown.get(0).toJson(json)), Rules.EXACT);
        golden("trade.opened-snapshot_diff", json.readTree(grown.get(1).toJson(json)), Rules.EXACT);
    }

    private static BotSnapshot snapshot(int open, int closed, double profit) {
        return new BotSnapshot(1, "b1", 7L, "binance", BotSnapshot.Status.ONLINE, "running", open, profit, 0.1, closed,
                0, 0.0, 100.0, "USDT", true, 1L, null, Instant.EPOCH, Instant.EPOCH);
    }

    private static void golden(String name, JsonNode message, Rules rules) {
        assertThat(message).as(name).isNotNull();
        Golden.assertShape("events/" + name, message, rules);
    }
}
