package io.ftfleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.ftfleet.bot.BotDirectory;
import io.ftfleet.bot.BotDirectory.BotSummary;
import io.ftfleet.freqtrade.Balances;
import io.ftfleet.freqtrade.FreqtradeClient;
import io.ftfleet.freqtrade.FreqtradeClientSettings;
import io.ftfleet.freqtrade.Health;
import io.ftfleet.freqtrade.Profit;
import io.ftfleet.freqtrade.ShowConfig;
import io.ftfleet.freqtrade.Trade;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The poller with fake bots: isolation of slow bots, offline handling, deletion and the per-bot gauges. */
class FleetPollerTests {

    private final BotDirectory directory = mock(BotDirectory.class);
    private final FleetSnapshots snapshots = new FleetSnapshots();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private FleetPoller poller;
    private FleetMetrics metrics;

    private FleetPoller poller(int concurrency) {
        metrics = new FleetMetrics(registry, snapshots, new FleetMetricsProperties(true));
        poller = new FleetPoller(directory, snapshots, metrics,
                new FleetProperties(Duration.ofMillis(500), concurrency),
                new FreqtradeClientSettings(Duration.ofMillis(100), Duration.ofMillis(150)));
        return poller;
    }

    @AfterEach
    void shutdown() {
        if (poller != null) {
            poller.shutdown();
        }
    }

    static BotSummary bot(long id, String name) {
        return new BotSummary(id, name, 7, "binance", "USDT", true, "local", "running", List.of());
    }

    static FreqtradeClient answering(int openTrades, double closedProfit, double allRatio, double balance) {
        FreqtradeClient client = mock(FreqtradeClient.class);
        ShowConfig config = mock(ShowConfig.class);
        when(config.state()).thenReturn("running");
        when(config.stakeCurrency()).thenReturn("USDT");
        when(config.dryRun()).thenReturn(true);
        when(config.maxOpenTrades()).thenReturn(3.0);
        when(config.generation()).thenReturn(io.ftfleet.freqtrade.FreqtradeGeneration.STOPENTRY);
        Profit profit = mock(Profit.class);
        when(profit.profitClosedCoin()).thenReturn(closedProfit);
        when(profit.profitAllRatio()).thenReturn(allRatio);
        Balances balances = mock(Balances.class);
        when(balances.total()).thenReturn(balance);
        Health health = mock(Health.class);
        when(health.lastProcessAt()).thenReturn(Optional.of(Instant.now().minusSeconds(3)));
        when(client.showConfig()).thenReturn(config);
        when(client.health()).thenReturn(health);
        when(client.status()).thenReturn(java.util.Collections.nCopies(openTrades, (Trade) null));
        when(client.count()).thenReturn(new io.ftfleet.freqtrade.TradeCount(openTrades, 3, 0));
        when(client.profit()).thenReturn(profit);
        when(client.balance()).thenReturn(balances);
        return client;
    }

    static FreqtradeClient hanging() {
        FreqtradeClient client = mock(FreqtradeClient.class);
        when(client.showConfig()).thenAnswer(invocation -> {
            Thread.sleep(10_000);
            return null;
        });
        return client;
    }

    @Test
    void aSlowBotTimesOutAloneWhileTheFastBotIsUpdatedAtOnce() throws Exception {
        when(directory.all()).thenReturn(List.of(bot(1, "slow"), bot(2, "fast")));
        FreqtradeClient slow = hanging();
        when(directory.client(1)).thenReturn(Optional.of(slow));
        FreqtradeClient client2 = answering(3, 12.5, 0.04, 1010.0);
        when(directory.client(2)).thenReturn(Optional.of(client2));

        long started = System.nanoTime();
        poller(8).runCycle();
        Duration cycle = Duration.ofNanos(System.nanoTime() - started);

        BotSnapshot fast = snapshots.get(2).orElseThrow();
        assertThat(fast.status()).isEqualTo(BotSnapshot.Status.ONLINE);
        assertThat(fast.openTrades()).isEqualTo(3);
        assertThat(fast.profitClosedAbs()).isEqualTo(12.5);
        assertThat(fast.profitAllRatio()).isEqualTo(0.04);
        assertThat(fast.balanceTotal()).isEqualTo(1010.0);
        assertThat(fast.botState()).isEqualTo("running");
        assertThat(fast.lastSeen()).isNotNull();
        assertThat(fast.heartbeatAgeSeconds()).isBetween(3L, 5L);
        // The fast bot's answer was recorded long before the slow bot's deadline (2 x 150 ms read timeout).
        assertThat(Duration.between(fast.polledAt(), snapshots.get(1).orElseThrow().polledAt()))
                .isGreaterThan(Duration.ofMillis(150));

        BotSnapshot slowSnapshot = snapshots.get(1).orElseThrow();
        assertThat(slowSnapshot.status()).isEqualTo(BotSnapshot.Status.OFFLINE);
        assertThat(slowSnapshot.lastError()).isEqualTo("no answer within 300 ms");
        assertThat(slowSnapshot.lastSeen()).isNull();
        // The cycle waited for the slow bot's own deadline only, not for its 10 s hang.
        assertThat(cycle).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void withOneThreadASlowBotDelaysTheNextBotOnlyByItsOwnDeadline() throws Exception {
        when(directory.all()).thenReturn(List.of(bot(1, "slow"), bot(2, "fast")));
        FreqtradeClient slow = hanging();
        when(directory.client(1)).thenReturn(Optional.of(slow));
        FreqtradeClient client2 = answering(1, 1, 0.01, 100);
        when(directory.client(2)).thenReturn(Optional.of(client2));

        long started = System.nanoTime();
        poller(1).runCycle();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(snapshots.get(1).orElseThrow().status()).isEqualTo(BotSnapshot.Status.OFFLINE);
        assertThat(snapshots.get(2).orElseThrow().status()).isEqualTo(BotSnapshot.Status.ONLINE);
    }

    @Test
    void aBotWithoutClientIsOfflineAsNotRunningAndKeepsItsLastKnownValues() throws Exception {
        when(directory.all()).thenReturn(List.of(bot(1, "one")));
        FreqtradeClient client1 = answering(2, 5, 0.1, 200);
        when(directory.client(1)).thenReturn(Optional.of(client1));
        poller(2).runCycle();
        BotSnapshot online = snapshots.get(1).orElseThrow();

        when(directory.client(1)).thenReturn(Optional.empty());
        poller.runCycle();

        BotSnapshot offline = snapshots.get(1).orElseThrow();
        assertThat(offline.status()).isEqualTo(BotSnapshot.Status.OFFLINE);
        assertThat(offline.lastError()).isEqualTo("not running");
        assertThat(offline.openTrades()).isEqualTo(2);
        assertThat(offline.lastSeen()).isEqualTo(online.lastSeen());
        assertThat(registry.get(FleetMetrics.UP).tag("bot", "one").gauge().value()).isZero();
    }

    @Test
    void gaugesReadTheSnapshotsAndDisappearWithTheBot() throws Exception {
        when(directory.all()).thenReturn(List.of(bot(1, "one"), bot(2, "two")));
        FreqtradeClient client1 = answering(4, 9.5, 0.2, 300);
        when(directory.client(1)).thenReturn(Optional.of(client1));
        FreqtradeClient client2 = answering(0, 0, 0, 50);
        when(directory.client(2)).thenReturn(Optional.of(client2));
        poller(2).runCycle();

        assertThat(registry.get(FleetMetrics.UP).tag("bot", "one").tag("exchange", "binance")
                .tag("stake_currency", "USDT").tag("dry_run", "true").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get(FleetMetrics.OPEN_TRADES).tag("bot", "one").gauge().value()).isEqualTo(4.0);
        assertThat(registry.get(FleetMetrics.PROFIT_CLOSED_ABS).tag("bot", "one").gauge().value()).isEqualTo(9.5);
        assertThat(registry.get(FleetMetrics.BALANCE).tag("bot", "one").gauge().value()).isEqualTo(300.0);
        assertThat(registry.get(FleetMetrics.LAST_SEEN).tag("bot", "one").gauge().value()).isBetween(0.0, 5.0);
        assertThat(registry.get(FleetMetrics.POLL_CYCLE).timer().count()).isZero();
        assertThat(registry.get(FleetMetrics.FLEET_BOTS_ONLINE).gauge().value()).isEqualTo(2.0);
        assertThat(registry.get(FleetMetrics.FLEET_OPEN_TRADES).gauge().value()).isEqualTo(4.0);
        assertThat(registry.get(FleetMetrics.RESTARTS).tag("bot", "one").functionCounter().count()).isZero();
        metrics.on(new io.ftfleet.runtime.RuntimeEvents.BotRestartScheduled(1, 1, 1000, 137));
        metrics.on(new io.ftfleet.runtime.RuntimeEvents.BotRestartScheduled(1, 2, 2000, 137));
        assertThat(registry.get(FleetMetrics.RESTARTS).tag("bot", "one").functionCounter().count()).isEqualTo(2.0);

        when(directory.all()).thenReturn(List.of(bot(2, "two")));
        poller.runCycle();

        assertThat(snapshots.get(1)).isEmpty();
        assertThat(registry.find(FleetMetrics.UP).tag("bot", "one").gauges()).isEmpty();
        assertThat(registry.getMeters().stream().filter(m -> "one".equals(m.getId().getTag("bot")))).isEmpty();
        assertThat(registry.find(FleetMetrics.UP).tag("bot", "two").gauges()).hasSize(1);
    }

    @Test
    void reusesTheConfigWhileCountProvesTheBotStillRuns() throws Exception {
        when(directory.all()).thenReturn(List.of(bot(1, "steady")));
        FreqtradeClient client = answering(2, 1.0, 0.01, 1000.0);
        when(directory.client(1)).thenReturn(Optional.of(client));
        poller(2);

        for (int i = 0; i < 3; i++) {
            poller.runCycle();
        }

        verify(client, times(1)).showConfig();
        verify(client, times(3)).count();
        verify(client, never()).status();
        assertThat(snapshots.get(1).orElseThrow().botState()).isEqualTo("running");
        assertThat(snapshots.get(1).orElseThrow().openTrades()).isEqualTo(2);
    }

    @Test
    void readsTheConfigAgainWhenCountShowsEntriesStoppedAndReportsPaused() throws Exception {
        when(directory.all()).thenReturn(List.of(bot(1, "stopentry")));
        FreqtradeClient client = answering(2, 1.0, 0.01, 1000.0);
        when(directory.client(1)).thenReturn(Optional.of(client));
        poller(2).runCycle();

        // a 2.40 stopentry: still "running", max_open_trades 0, /count still answered
        ShowConfig stopped = mock(ShowConfig.class);
        when(stopped.state()).thenReturn("running");
        when(stopped.entriesStopped()).thenReturn(true);
        when(stopped.stakeCurrency()).thenReturn("USDT");
        when(stopped.generation()).thenReturn(io.ftfleet.freqtrade.FreqtradeGeneration.STOPENTRY);
        when(client.showConfig()).thenReturn(stopped);
        when(client.count()).thenReturn(new io.ftfleet.freqtrade.TradeCount(2, 0, 0));
        poller.runCycle();

        verify(client, times(2)).showConfig();
        assertThat(snapshots.get(1).orElseThrow().botState()).isEqualTo("paused");
    }

    @Test
    void neverReusesTheConfigOfABotThatCanAnswerCountWhilePaused() throws Exception {
        when(directory.all()).thenReturn(List.of(bot(1, "newer")));
        FreqtradeClient client = answering(2, 1.0, 0.01, 1000.0);
        ShowConfig running = client.showConfig();
        when(running.generation()).thenReturn(io.ftfleet.freqtrade.FreqtradeGeneration.PAUSED_STATE);
        when(directory.client(1)).thenReturn(Optional.of(client));
        poller(2).runCycle();

        // 2025.4+: paused, and /count still answers with the same max
        ShowConfig paused = mock(ShowConfig.class);
        when(paused.state()).thenReturn("paused");
        when(paused.entriesStopped()).thenReturn(true);
        when(paused.stakeCurrency()).thenReturn("USDT");
        when(paused.maxOpenTrades()).thenReturn(3.0);
        when(paused.generation()).thenReturn(io.ftfleet.freqtrade.FreqtradeGeneration.PAUSED_STATE);
        when(client.showConfig()).thenReturn(paused);
        org.mockito.Mockito.clearInvocations(client);
        poller.runCycle();

        verify(client, times(1)).showConfig(); // read again, not taken from the cache
        assertThat(snapshots.get(1).orElseThrow().botState()).isEqualTo("paused");
    }

    @Test
    void readsTheConfigAgainWhenCountIsRefusedBecauseTheBotStopped() throws Exception {
        when(directory.all()).thenReturn(List.of(bot(1, "stopping")));
        FreqtradeClient client = answering(2, 1.0, 0.01, 1000.0);
        when(directory.client(1)).thenReturn(Optional.of(client));
        poller(2).runCycle();

        ShowConfig stopped = mock(ShowConfig.class);
        when(stopped.state()).thenReturn("stopped");
        when(stopped.stakeCurrency()).thenReturn("USDT");
        when(stopped.dryRun()).thenReturn(true);
        when(client.showConfig()).thenReturn(stopped);
        when(client.count()).thenThrow(mock(io.ftfleet.freqtrade.BotRejected.class)); // "trader is not running"
        when(client.status()).thenReturn(List.of());
        poller.runCycle();

        BotSnapshot snapshot = snapshots.get(1).orElseThrow();
        assertThat(snapshot.status()).isEqualTo(BotSnapshot.Status.ONLINE);
        assertThat(snapshot.botState()).isEqualTo("stopped");
        assertThat(snapshot.openTrades()).isZero();
        verify(client, times(2)).showConfig();

        poller.runCycle(); // a stopped bot's config is never reused: its state may change without /count noticing
        verify(client, times(3)).showConfig();
    }

    @Test
    void keepsTheWholeBalanceOfAnOnlineBotForOtherModulesAndDropsItWhenTheBotGoesOffline() throws Exception {
        when(directory.all()).thenReturn(List.of(bot(1, "holder")));
        FreqtradeClient client = answering(0, 0, 0, 1234.5);
        when(directory.client(1)).thenReturn(Optional.of(client));
        poller(2).runCycle();

        assertThat(snapshots.balances(1)).containsSame(client.balance());
        assertThat(snapshots.balances(1).orElseThrow().total()).isEqualTo(1234.5);

        when(directory.client(1)).thenReturn(Optional.empty()); // stopped here: no API to ask
        poller.runCycle();
        assertThat(snapshots.get(1).orElseThrow().status()).isEqualTo(BotSnapshot.Status.OFFLINE);
        assertThat(snapshots.balances(1)).isEmpty();
    }

    @Test
    void readinessIsDownWhenTheLastCycleIsOlderThanThreeIntervals() throws Exception {
        when(directory.all()).thenReturn(List.of());
        PollerReadinessCheck check = new PollerReadinessCheck(poller(1));
        assertThat(check.required()).isFalse();
        assertThat(check.check().up()).isTrue();

        poller.pollCycle();
        assertThat(check.check().up()).isTrue();
        assertThat(registry.get(FleetMetrics.POLL_CYCLE).timer().count()).isEqualTo(1);

        Thread.sleep(1_600);
        ReadinessCheckResultAssert.lagging(check);
    }

    private static final class ReadinessCheckResultAssert {
        static void lagging(PollerReadinessCheck check) {
            var result = check.check();
            assertThat(result.up()).isFalse();
            assertThat(result.detail()).contains("last poll cycle").contains("limit 1500 ms");
        }
    }
}
