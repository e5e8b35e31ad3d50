package io.ftfleet.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.ftfleet.fleet.BotSnapshot;

import org.junit.jupiter.api.Test;

class TradeDiffTests {

    private static BotSnapshot snapshot(long botId, Integer open, Integer closed) {
        return new BotSnapshot(botId, "b" + botId, 7L, "binance", BotSnapshot.Status.ONLINE, "running", open, 1.5, 0.1,
                closed, 0, 0.0, 100.0, "USDT", true, 1L, null, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void firstSnapshotIsABaselineThenGrowthBecomesTradeEvents() {
        TradeDiff diff = new TradeDiff();
        Instant at = Instant.parse("2024-01-01T00:00:00Z");
        assertThat(diff.next(List.of(snapshot(1, 1, 3)), at)).isEmpty();
        assertThat(diff.next(List.of(snapshot(1, 1, 3)), at)).isEmpty();

        List<StreamEvent> events = diff.next(List.of(snapshot(1, 3, 5)), at);
        assertThat(events).extracting(StreamEvent::type).containsExactly("trade.closed", "trade.opened");
        assertThat(events.get(0).data()).isEqualTo(new StreamPayload.TradeCount(2, 3, 5, 1.5, "snapshot_diff"));
        assertThat(events.get(1).data()).isEqualTo(new StreamPayload.TradeCount(2, 3, 5, 1.5, "snapshot_diff"));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.botId()).isEqualTo(1L);
            assertThat(e.ownerId()).isEqualTo(7L);
        });

        // Fewer open trades (closed ones) is not an "opened"; an unpolled snapshot keeps the baseline.
        assertThat(diff.next(List.of(snapshot(1, 2, 5)), at)).isEmpty();
        assertThat(diff.next(List.of(snapshot(1, null, null)), at)).isEmpty();
        assertThat(diff.next(List.of(snapshot(1, 2, 6)), at)).extracting(StreamEvent::type)
                .containsExactly("trade.closed");
    }

    @Test
    void aBotThatDisappearsStartsFromANewBaseline() {
        TradeDiff diff = new TradeDiff();
        diff.next(List.of(snapshot(1, 0, 0)), Instant.EPOCH);
        diff.next(List.of(), Instant.EPOCH);
        assertThat(diff.next(List.of(snapshot(1, 4, 4)), Instant.EPOCH)).isEmpty();
    }
}
