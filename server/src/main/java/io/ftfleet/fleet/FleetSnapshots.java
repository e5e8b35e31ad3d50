package io.ftfleet.fleet;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.ftfleet.bot.BotStatistics;
import io.ftfleet.freqtrade.Balances;

import org.springframework.stereotype.Service;

/**
 * The latest {@link BotSnapshot} of every bot, as the poller left it. Other modules read fleet state here instead
 * of calling bots. System-level: callers apply their own user scoping with {@link BotSnapshot#ownerId()}.
 */
@Service
public class FleetSnapshots implements BotStatistics {

    private final Map<Long, BotSnapshot> snapshots = new ConcurrentHashMap<>();
    /** Each ONLINE bot's whole {@code /balance} from the poll behind its snapshot (the snapshot keeps the total). */
    private final Map<Long, Balances> balances = new ConcurrentHashMap<>();

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

    /**
     * The bot's {@code /balance} as the poller read it for its current snapshot ({@link BotSnapshot#polledAt()}),
     * present only while that snapshot is ONLINE: what the ledger sync uses instead of asking the bot again.
     */
    public Optional<Balances> balances(long botId) {
        return Optional.ofNullable(balances.get(botId));
    }

    void put(BotSnapshot snapshot) {
        put(snapshot, null);
    }

    /** @param balance the poll's whole {@code /balance}; null when the bot did not answer (nothing is kept then) */
    void put(BotSnapshot snapshot, Balances balance) {
        if (balance == null) {
            balances.remove(snapshot.botId());
        } else {
            balances.put(snapshot.botId(), balance);
        }
        snapshots.put(snapshot.botId(), snapshot);
    }

    void remove(long botId) {
        snapshots.remove(botId);
        balances.remove(botId);
    }

    Collection<Long> ids() {
        return List.copyOf(snapshots.keySet());
    }
}
