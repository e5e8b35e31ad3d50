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
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * A bot whose trades database is replaced (fresh database, trade ids starting again at 1) is noticed
 * by the ledger sync, and the ledger then holds exactly the new database's trades.
 */
@FullStackTest
class LedgerResetTests {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("ftfleet.fleet.poll-interval", () -> "300ms");
        registry.add("ftfleet.analytics.sync-interval", () -> "300ms");
        registry.add("ftfleet.analytics.page-size", () -> "4");
    }

    @LocalServerPort
    int port;

    @Test
    void aBotWhoseTradesDatabaseWasResetIsSyncedAgainFromScratch() throws Exception {
        Api api = new Api(port);
        String admin = api.adminToken();
        SimulatedBot first = SimulatedBot.start(Files.createTempDirectory("ftfleet-reset-a"), Map.of("bot_name", "a"),
                Map.of("FTSIM_TRADE_INTERVAL_SECONDS", "0.2"));
        BotDirect a = new BotDirect(first, "USDT", true);
        long id;
        try {
            Await.until(a::closedCount, n -> n >= 10, Duration.ofSeconds(60));
            Api.Response created = api.postJson("/api/v1/bots/", admin, "{\"name\":\"resettable\",\"strategy_name\":"
                    + "\"SampleStrategy\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,"
                    + "\"runtime\":\"external\",\"external_url\":\"" + first.baseUrl() + "\",\"external_username\":\""
                    + SimulatedBot.USERNAME + "\",\"external_password\":\"" + SimulatedBot.PASSWORD + "\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            id = created.json().get("id").asLong();
            a.botId = id;
            a.post("/stop");
            Await.until(() -> a.get("/show_config").get("state").asString(), "stopped"::equals,
                    Duration.ofSeconds(10));
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
            b.post("/stop");
            Await.until(() -> b.get("/show_config").get("state").asString(), "stopped"::equals,
                    Duration.ofSeconds(10));
            List<BotDirect.T> after = b.closedTrades();
            double profit = after.stream().mapToDouble(BotDirect.T::profitAbs).sum();
            JsonNode group = Await.until(
                    () -> api.get("/api/v1/analytics/performance?timeframe=1h&bot_id=" + id, admin).json(),
                    r -> r.get("data").get("total_trades").asInt() == after.size()
                            && Math.abs(r.get("data").get("groups").get(0).get("profit_abs").asDouble() - profit) < 1e-9,
                    Duration.ofSeconds(30)).get("data").get("groups").get(0);
            assertThat(group.get("profit_abs").asDouble()).isCloseTo(profit, within(1e-9));
        } finally {
            second.close();
        }
    }

    static int trades(Api api, String token, long id) {
        return api.get("/api/v1/analytics/performance?timeframe=1h&bot_id=" + id, token).json().get("data")
                .get("total_trades").asInt();
    }
}
