package io.ftfleet.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The closed-trades ledger table and each bot's sync state. */
@Repository
class TradeLedger {

    private static final String UPDATE_STATE = "UPDATE analytics_sync_state SET stable_count = ?, "
            + "starting_balance = ?, synced_ms = ?, last_error = ? WHERE bot_id = ?";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    TradeLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    record SyncState(int stableCount, Double startingBalance, Instant syncedAt, String lastError) {
    }

    /** The trade at position {@code index} in trade-id order (as the bot's {@code /trades} pages them). */
    record Anchor(int tradeId, long openMs) {
    }

    Optional<SyncState> state(long botId) {
        return jdbc.query("SELECT stable_count, starting_balance, synced_ms, last_error FROM analytics_sync_state "
                + "WHERE bot_id = ?", (rs, i) -> new SyncState(rs.getInt(1), (Double) rs.getObject(2, Double.class),
                        Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4)), botId).stream().findFirst();
    }

    Map<Long, SyncState> states(Collection<Long> botIds) {
        Map<Long, SyncState> out = new HashMap<>();
        if (botIds.isEmpty()) {
            return out;
        }
        named.query("SELECT bot_id, stable_count, starting_balance, synced_ms, last_error FROM analytics_sync_state "
                + "WHERE bot_id IN (:ids)", new MapSqlParameterSource("ids", botIds), rs -> {
                    out.put(rs.getLong(1), new SyncState(rs.getInt(2), (Double) rs.getObject(3, Double.class),
                            Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5)));
                });
        return out;
    }

    Optional<Anchor> anchor(long botId, int index) {
        return jdbc.query("SELECT trade_id, open_ms FROM analytics_closed_trades WHERE bot_id = ? ORDER BY trade_id "
                + "LIMIT 1 OFFSET ?", (rs, i) -> new Anchor(rs.getInt(1), rs.getLong(2)), botId, index).stream()
                .findFirst();
    }

    /** The bot's ledger trades from this trade id on: trade id to open time (ms). */
    Map<Integer, Long> openTimesFrom(long botId, int fromTradeId) {
        Map<Integer, Long> out = new HashMap<>();
        jdbc.query("SELECT trade_id, open_ms FROM analytics_closed_trades WHERE bot_id = ? AND trade_id >= ?",
                rs -> {
                    out.put(rs.getInt(1), rs.getLong(2));
                }, botId, fromTradeId);
        return out;
    }

    int countBelow(long botId, int tradeId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM analytics_closed_trades WHERE bot_id = ? AND trade_id < ?",
                Integer.class, botId, tradeId);
        return n == null ? 0 : n;
    }

    void insert(List<ClosedTrade> trades) {
        if (trades.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(trades.size());
        for (ClosedTrade t : trades) {
            rows.add(new Object[] { t.botId(), t.tradeId(), t.pair(), t.stakeCurrency(), t.dryRun(),
                    t.stakeAmount(), t.profitAbs(), t.profitRatio(), t.openAt().toEpochMilli(),
                    t.closeAt().toEpochMilli() });
        }
        jdbc.batchUpdate("INSERT INTO analytics_closed_trades (bot_id, trade_id, pair, stake_currency, dry_run, "
                + "stake_amount, profit_abs, profit_ratio, open_ms, close_ms) VALUES (?,?,?,?,?,?,?,?,?,?)",
                rows);
    }

    /**
     * Every bot's sync outcome of one cycle in one transaction: all new trades in one batch, then every state.
     * Under a busy fleet nearly every bot closes a trade between two syncs, and a transaction per bot was the
     * ledger's largest cost.
     */
    @Transactional
    void recordAll(Collection<LedgerSync.Outcome> outcomes) {
        List<ClosedTrade> fresh = new ArrayList<>();
        outcomes.forEach(o -> fresh.addAll(o.fresh()));
        insert(fresh);
        List<Object[]> rows = new ArrayList<>(outcomes.size());
        for (LedgerSync.Outcome o : outcomes) {
            rows.add(new Object[] { o.stableCount(), o.startingBalance(), o.at().toEpochMilli(), null, o.botId() });
        }
        int[] updated = jdbc.batchUpdate(UPDATE_STATE, rows);
        int i = 0;
        for (LedgerSync.Outcome o : outcomes) {
            if (updated[i++] == 0) {
                saveState(o.botId(), o.stableCount(), o.startingBalance(), o.at(), null);
            }
        }
    }

    /** One bot's sync outcome in one transaction: the newly closed trades and the state they lead to. */
    @Transactional
    void record(LedgerSync.Outcome o) {
        insert(o.fresh());
        saveState(o.botId(), o.stableCount(), o.startingBalance(), o.at(), null);
    }

    /** The bot's trades database was reset: forget what the ledger had for it. */
    void forget(long botId) {
        jdbc.update("DELETE FROM analytics_closed_trades WHERE bot_id = ?", botId);
    }

    @Transactional
    void saveState(long botId, int stableCount, Double startingBalance, Instant syncedAt, String lastError) {
        int updated = jdbc.update(UPDATE_STATE, stableCount, startingBalance, syncedAt.toEpochMilli(), lastError,
                botId);
        if (updated == 0) {
            jdbc.update("INSERT INTO analytics_sync_state (bot_id, stable_count, starting_balance, synced_ms, "
                    + "last_error) VALUES (?,?,?,?,?)", botId, stableCount, startingBalance, syncedAt.toEpochMilli(),
                    lastError);
        }
    }

    void saveError(long botId, String error, Instant at) {
        int updated = jdbc.update("UPDATE analytics_sync_state SET last_error = ? WHERE bot_id = ?", error, botId);
        if (updated == 0) {
            jdbc.update("INSERT INTO analytics_sync_state (bot_id, stable_count, synced_ms, last_error) "
                    + "VALUES (?,?,?,?)", botId, 0, at.toEpochMilli(), error);
        }
    }

    /** First open and last close (epoch ms) of the bot's ledger trades; empty when it has none. */
    Optional<long[]> span(long botId) {
        return jdbc.query("SELECT MIN(open_ms), MAX(close_ms), COUNT(*) FROM analytics_closed_trades WHERE bot_id = ?",
                (rs, i) -> rs.getLong(3) == 0 ? null : new long[] { rs.getLong(1), rs.getLong(2) }, botId).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    int countOpened(long botId, long fromMs, long untilMs) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM analytics_closed_trades WHERE bot_id = ? AND open_ms >= ? "
                + "AND open_ms < ?", Integer.class, botId, fromMs, untilMs);
        return n == null ? 0 : n;
    }

    /** The bot's closed trades that opened in {@code [fromMs, untilMs)}, in open order. */
    List<ClosedTrade> opened(long botId, long fromMs, long untilMs, int limit) {
        return jdbc.query("SELECT bot_id, trade_id, pair, stake_currency, dry_run, stake_amount, profit_abs, "
                + "profit_ratio, open_ms, close_ms FROM analytics_closed_trades WHERE bot_id = ? AND open_ms >= ? AND "
                + "open_ms < ? ORDER BY open_ms, trade_id LIMIT ?", (rs, i) -> new ClosedTrade(rs.getLong(1),
                        rs.getInt(2), rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getDouble(6),
                        rs.getDouble(7), rs.getDouble(8), Instant.ofEpochMilli(rs.getLong(9)),
                        Instant.ofEpochMilli(rs.getLong(10))), botId, fromMs, untilMs, limit);
    }

    /** Closed trades of these bots that closed at or after {@code fromMs}, in close order. */
    List<ClosedTrade> closedTrades(Collection<Long> botIds, long fromMs) {
        if (botIds.isEmpty()) {
            return List.of();
        }
        MapSqlParameterSource params = new MapSqlParameterSource("ids", botIds).addValue("from", fromMs);
        return named.query("SELECT bot_id, trade_id, pair, stake_currency, dry_run, stake_amount, profit_abs, "
                + "profit_ratio, open_ms, close_ms FROM analytics_closed_trades WHERE bot_id IN (:ids) AND close_ms >= "
                + ":from ORDER BY close_ms, bot_id, trade_id", params, (rs, i) -> new ClosedTrade(rs.getLong(1),
                        rs.getInt(2), rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getDouble(6),
                        rs.getDouble(7), rs.getDouble(8), Instant.ofEpochMilli(rs.getLong(9)),
                        Instant.ofEpochMilli(rs.getLong(10))));
    }
}
