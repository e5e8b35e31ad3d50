package io.ftfleet.fleet;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.ftfleet.bot.BotStatistics;

import org.springframework.stereotype.Service;

/**
 * The latest {@link BotSnapshot} of every bot, as the poller left it. Other modules read fleet state here instead
 * of calling bots. System-level: callers apply their own user scoping with {@link BotSnapshot#ownerId()}.
 */
@Service
public class FleetSnapshots implements BotStatistics {

    private final Map<Long, BotSnapshot> snapshots = new ConcurrentHashMap<>();

    public Optional<BotSnapshot> get(long botId) {
        return Optional.ofNullable(snapshots.get(botId));
    }

    /** Every bot's snapshot, ordered by bot id. */
    public List<BotSnapshot> all() {
        return snapshots.values().stream().sorted(Comparator.comparingLong(BotSnapshot::botId)).toList();
    }

    /** The bot's own trade figures as last polled; empty until it has answered once. */
    @Override
    public Optional<Figures> figures(long botId) {
        return get(botId).filter(s -> s.closedTrades() != null)
                .map(s -> new Figures(s.closedTrades(), s.winningTrades(), s.profitClosedAbs(), s.maxDrawdownRatio()));
    }

    void put(BotSnapshot snapshot) {
        snapshots.put(snapshot.botId(), snapshot);
    }

    void remove(long botId) {
        snapshots.remove(botId);
    }

    Collection<Long> ids() {
        return List.copyOf(snapshots.keySet());
    }
}
