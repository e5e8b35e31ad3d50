package io.ftfleet.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ftfleet.fleet.BotSnapshot;

/**
 * Derives {@code trade.opened} / {@code trade.closed} from successive fleet snapshots: when a bot's count of closed
 * trades grows, trades were closed; when its count of open trades grows, trades were opened. These are counts, not
 * individual trades (the poller does not keep trade ids), and a trade opened and closed between two snapshots shows
 * only as a closed one. The first snapshot of a bot only sets the baseline. Not thread-safe: one scheduled caller.
 */
final class TradeDiff {

    private record Counts(int open, int closed) {
    }

    private final Map<Long, Counts> last = new HashMap<>();

    List<StreamEvent> next(List<BotSnapshot> snapshots, Instant at) {
        List<StreamEvent> events = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (BotSnapshot snapshot : snapshots) {
            seen.add(snapshot.botId());
            if (snapshot.openTrades() == null || snapshot.closedTrades() == null) {
                continue; // not polled successfully yet: keep the previous baseline
            }
            Counts now = new Counts(snapshot.openTrades(), snapshot.closedTrades());
            Counts before = last.put(snapshot.botId(), now);
            if (before == null) {
                continue;
            }
            if (now.closed() > before.closed()) {
                events.add(event(StreamEvent.TRADE_CLOSED, snapshot, at, now.closed() - before.closed(), now));
            }
            if (now.open() > before.open()) {
                events.add(event(StreamEvent.TRADE_OPENED, snapshot, at, now.open() - before.open(), now));
            }
        }
        last.keySet().retainAll(seen);
        return events;
    }

    private static StreamEvent event(String type, BotSnapshot snapshot, Instant at, int count, Counts now) {
        StreamPayload data = new StreamPayload.TradeCount(count, now.open(), now.closed(), snapshot.profitClosedAbs(),
                "snapshot_diff");
        return new StreamEvent(type, snapshot.botId(), snapshot.ownerId(), at, data);
    }
}
