package io.ftfleet.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ftfleet.freqtrade.SimulatedBot;
import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.ExternalBots;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The ledger sync against real simulated bots, with pages of 4 trades: a bot trading while it is synced ends with
 * exactly its closed trades in the ledger, and a bot whose trades database is replaced (fresh database, trade ids
 * starting again at 1) is noticed and synced again from scratch.
 */
@FullStackTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "logging.level.io.ftfleet.analytics.LedgerSync=INFO") // the resync message
class LedgerSyncTests {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("ftfleet.fleet.poll-interval", () -> "300ms");
        registry.add("ftfleet.analytics.sync-interval", () -> "300ms");
        registry.add("ftfleet.analytics.page-size", () -> "4");
    }

    static final String RESYNC = "no longer holds the trades the ledger has";

    @LocalServerPort
    int port;
    @Autowired
    TradeLedger ledger;

    /**
     * Trades open and close (out of order, several at once) across many sync cycles. The sync keeps the count of
     * stable trades (those below the lowest open one) itself instead of counting in the database; should that count
     * drift, the next sync would read from the wrong place, see a different trade there and resync the bot: so the
     * test also checks that no resync happened.
     */
    @Test
    void aBotTradingWhileSyncedEndsWithExactlyItsClosedTradesAndNoResync(CapturedOutput output) throws Exception {
        Api api = new Api(port);
        String admin = api.adminToken();
        SimulatedBot sim = SimulatedBot.start(Files.createTempDirectory("ftfleet-busy"), Map.of("bot_name", "busy"),
                Map.of("FTSIM_TRADE_INTERVAL_SECONDS", "0.1"));
        try {
            BotDirect b = new BotDirect(sim, "USDT", true);
            b.botId = ExternalBots.register(api, admin, "busy", sim);
            int atRegistration = b.closedCount();
            Await.until(b::closedCount, n -> n >= atRegistration + 40, Duration.ofSeconds(60));
            b.stop();

            List<Integer> closed = b.closedTrades().stream().map(BotDirect.T::tradeId).sorted().toList();
            Await.until(() -> ledger.closedTrades(List.of(b.botId), 0).stream().map(ClosedTrade::tradeId).sorted()
                    .toList(), closed::equals, Duration.ofSeconds(30));
            int lowestOpen = Integer.MAX_VALUE;
            for (JsonNode t : b.get("/status")) {
                lowestOpen = Math.min(lowestOpen, t.get("trade_id").asInt());
            }
            int expectedStable = ledger.countBelow(b.botId, lowestOpen);
            Await.until(() -> ledger.state(b.botId).map(TradeLedger.SyncState::stableCount).orElse(-1),
                    n -> n == expectedStable, Duration.ofSeconds(10));
            assertThat(output.getAll()).doesNotContain(RESYNC);
        } finally {
            sim.close();
        }
    }

    @Test
    void aBotWhoseTradesDatabaseWasResetIsSyncedAgainFromScratch(CapturedOutput output) throws Exception {
        Api api = new Api(port);
        String admin = api.adminToken();
        SimulatedBot first = SimulatedBot.start(Files.createTempDirectory("ftfleet-reset-a"), Map.of("bot_name", "a"),
                Map.of("FTSIM_TRADE_INTERVAL_SECONDS", "0.2"));
        BotDirect a = new BotDirect(first, "USDT", true);
        long id;
        try {
            Await.until(a::closedCount, n -> n >= 10, Duration.ofSeconds(60));
            id = ExternalBots.register(api, admin, "resettable", first);
            a.botId = id;
            a.stop();
            List<BotDirect.T> before = a.closedTrades();
            Await.until(() -> trades(api, admin, id), n -> n == before.size(), Duration.ofSeconds(20));
        } finally {
            first.close();
        }

        // the same bot, now answering from a new trades database: ids start again at 1
        SimulatedBot second = SimulatedBot.start(Files.createTempDirectory("ftfleet-reset-b"), Map.of("bot_name", "b"),
                Map.of("FTSIM_TRADE_INTERVAL_SECONDS", "0.2"));
        Api.Response moved = api.request("PUT", "/api/v1/bots/" + id).bearer(admin)
                .json("{\"external_url\":\"" + second.baseUrl() + "\"}").send();
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        try {
            BotDirect b = new BotDirect(second, "USDT", true);
            b.botId = id;
            Await.until(b::closedCount, n -> n >= 3, Duration.ofSeconds(60));
            b.stop();
            List<BotDirect.T> after = b.closedTrades();
            double profit = after.stream().mapToDouble(BotDirect.T::profitAbs).sum();
            JsonNode group = Await.until(
                    () -> api.get("/api/v1/analytics/performance?timeframe=1h&bot_id=" + id, admin).json(),
                    r -> r.get("data").get("total_trades").asInt() == after.size()
                            && Math.abs(r.get("data").get("groups").get(0).get("profit_abs").asDouble() - profit) < 1e-9,
                    Duration.ofSeconds(30)).get("data").get("groups").get(0);
            assertThat(group.get("profit_abs").asDouble()).isCloseTo(profit, within(1e-9));
            assertThat(output.getAll()).contains(RESYNC); // the message the other test looks for is really logged
        } finally {
            second.close();
        }
    }

    static int trades(Api api, String token, long id) {
        return api.get("/api/v1/analytics/performance?timeframe=1h&bot_id=" + id, token).json().get("data")
                .get("total_trades").asInt();
    }
}
