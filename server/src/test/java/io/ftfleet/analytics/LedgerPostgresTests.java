package io.ftfleet.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.List;

import io.ftfleet.support.Api;
import io.ftfleet.support.Postgres;
import io.ftfleet.support.PostgresFullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The ledger's migration and every query it runs, on a real PostgreSQL. */
@PostgresFullStackTest
class LedgerPostgresTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    TradeLedger ledger;

    @Test
    void ledgerWritesReadsAndForgetsOnPostgres() {
        Api api = new Api(port);
        String admin = api.adminToken();
        long bot = api.postJson("/api/v1/bots/", admin, "{\"name\":\"pg-ledger\",\"strategy_name\":\"SampleStrategy\","
                + "\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,\"runtime\":\"external\","
                + "\"external_url\":\"http://127.0.0.1:9\",\"external_username\":\"x\",\"external_password\":\"y\"}")
                .json().get("id").asLong();
        Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
        ledger.insert(List.of(
                new ClosedTrade(bot, 1, "ETH/USDT", "USDT", false, 100, 10, 0.1, t0, t0.plusSeconds(60)),
                new ClosedTrade(bot, 3, "ETH/USDT", "USDT", false, 100, -25, -0.25, t0, t0.plusSeconds(120))));
        ledger.saveState(bot, 1, 1000.0, t0, null);
        ledger.saveState(bot, 2, 1000.0, t0.plusSeconds(5), null);

        assertThat(ledger.anchor(bot, 1)).contains(new TradeLedger.Anchor(3, t0.toEpochMilli()));
        assertThat(ledger.countBelow(bot, 3)).isEqualTo(1);
        assertThat(ledger.openTimesFrom(bot, 2)).containsExactly(entry(3, t0.toEpochMilli()));
        assertThat(ledger.states(List.of(bot)).get(bot).stableCount()).isEqualTo(2);

        assertThat(ledger.closedTrades(List.of(bot), t0.plusSeconds(90).toEpochMilli())).hasSize(1);

        var risk = api.get("/api/v1/analytics/risk", admin).json().get("data");
        assertThat(risk.get("groups").get(0).get("max_drawdown_abs").asDouble()).isEqualTo(25.0);
        assertThat(risk.get("max_drawdown").asDouble()).isEqualTo(25.0 / 1010.0);

        // a cycle's outcomes in one batch: the new trade and the state, updated in place
        ClosedTrade fourth = new ClosedTrade(bot, 4, "BTC/USDT", "USDT", false, 50, 5, 0.1, t0, t0.plusSeconds(150));
        ledger.recordAll(List.of(new LedgerSync.Outcome(bot, List.of(fourth), 3, new TradeLedger.Anchor(4,
                t0.toEpochMilli()), Integer.MAX_VALUE, 1000.0, t0.plusSeconds(10), 3)));
        assertThat(ledger.states(List.of(bot)).get(bot).stableCount()).isEqualTo(3);
        assertThat(ledger.closedTrades(List.of(bot), 0)).extracting(ClosedTrade::tradeId).containsExactly(1, 3, 4);

        ledger.forget(bot);
        assertThat(ledger.closedTrades(List.of(bot), 0)).isEmpty();
        assertThat(api.request("DELETE", "/api/v1/bots/" + bot).bearer(admin).send().status()).isEqualTo(204);
        assertThat(ledger.state(bot)).isEmpty(); // gone with the bot
    }
}
