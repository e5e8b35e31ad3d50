package io.ftfleet.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ftfleet.bot.BotDirectory.BotSummary;

import org.junit.jupiter.api.Test;

/** The monitoring bot statistics (O-route) per group, with a ledger that has trades but no starting balances. */
class BotStatisticsTests {

    @Test
    void drawdownIsNullNotZeroWhenNoBotOfTheGroupHasAStartingBalance() {
        TradeLedger ledger = mock(TradeLedger.class);
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        when(ledger.closedTrades(anyCollection(), anyLong())).thenReturn(List.of(
                new ClosedTrade(1, 1, "BTC/USDT", "USDT", true, 10, 2.0, 0.2, t, t.plusSeconds(60)),
                new ClosedTrade(1, 2, "BTC/USDT", "USDT", true, 10, -5.0, -0.5, t.plusSeconds(120), t.plusSeconds(180)),
                new ClosedTrade(2, 1, "ETH/USDT", "USDT", true, 10, 1.0, 0.1, t, t.plusSeconds(60))));
        when(ledger.states(anyCollection())).thenReturn(Map.of()); // never synced a balance: no starting capital
        FleetAnalytics analytics = new FleetAnalytics(ledger, new LiveFigures(), mock(Rates.class));
        Scope.Bots scope = new Scope.Bots(List.of(bot(1), bot(2)), null);

        MonitoringAnswers.FleetBotStatistics stats = analytics.botStatistics(scope, Map.of(), Map.of());

        MonitoringAnswers.GroupProfitStats profit = stats.profitStats().get(0);
        assertThat(profit.totalProfit()).isEqualTo(-2.0);
        assertThat(profit.maxProfit()).isEqualTo(1.0);
        assertThat(profit.minProfit()).isEqualTo(-3.0);
        MonitoringAnswers.GroupRiskStats risk = stats.riskStats().get(0);
        assertThat(risk.bots()).isZero();
        assertThat(risk.avgDrawdown()).isNull();
        assertThat(risk.maxDrawdown()).isNull();
    }

    private static BotSummary bot(long id) {
        return new BotSummary(id, "b" + id, 7, "binance", "USDT", true, "local", "running", List.of());
    }
}
