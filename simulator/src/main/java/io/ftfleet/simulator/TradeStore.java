package io.ftfleet.simulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trade persistence in the --db-url SQLite file (sqlite:///relative, sqlite:////absolute, sqlite:// =
 * in memory). Table names follow freqtrade (trades, orders, KeyValueStore) but only the columns the
 * simulator needs are stored – the file is not meant to be opened by real freqtrade.
 */
public final class TradeStore implements AutoCloseable {
    private final Connection conn;

    public TradeStore(String dbUrl) {
        String jdbc = toJdbc(dbUrl);
        try {
            conn = DriverManager.getConnection(jdbc);
            try (Statement s = conn.createStatement()) {
                s.executeUpdate("CREATE TABLE IF NOT EXISTS trades (id INTEGER PRIMARY KEY, exchange TEXT, pair TEXT, is_open INTEGER,"
                        + " amount REAL, amount_requested REAL, stake_amount REAL, open_rate REAL, open_date INTEGER, close_rate REAL,"
                        + " close_date INTEGER, close_profit REAL, close_profit_abs REAL, exit_reason TEXT, enter_tag TEXT, fee_open REAL,"
                        + " fee_close REAL, min_rate REAL, max_rate REAL, stop_loss REAL, initial_stop_loss REAL, stop_loss_pct REAL,"
                        + " stoploss_last_update INTEGER, strategy TEXT, timeframe INTEGER)");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY AUTOINCREMENT, ft_trade_id INTEGER, order_id TEXT,"
                        + " ft_order_side TEXT, order_type TEXT, status TEXT, amount REAL, price REAL, order_date INTEGER,"
                        + " order_filled_date INTEGER, ft_is_entry INTEGER, ft_order_tag TEXT)");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS KeyValueStore (key TEXT PRIMARY KEY, value TEXT)");
            }
        } catch (SQLException e) {
            throw FtException.operational("Could not open database " + dbUrl + ": " + e.getMessage());
        }
    }

    static String toJdbc(String dbUrl) {
        if (dbUrl == null || dbUrl.equals("sqlite://") || dbUrl.equals("sqlite:///:memory:")) return "jdbc:sqlite::memory:";
        if (!dbUrl.startsWith("sqlite:///")) {
            throw FtException.operational("Given value for db_url: '" + dbUrl + "' is no valid database URL! (See https://docs.sqlalchemy.org/en/latest/core/engines.html#database-urls)"
                    + " – freqtrade-sim only supports sqlite URLs.");
        }
        String path = dbUrl.substring("sqlite:///".length());
        Path p = Path.of(path).toAbsolutePath();
        try {
            if (p.getParent() != null) Files.createDirectories(p.getParent());
        } catch (java.io.IOException ignored) { }
        return "jdbc:sqlite:" + p;
    }

    public synchronized long nextId() {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM trades")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized void save(Trade t) {
        try {
            try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO trades VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                int i = 1;
                ps.setLong(i++, t.id);
                ps.setString(i++, t.exchange);
                ps.setString(i++, t.pair);
                ps.setInt(i++, t.isOpen ? 1 : 0);
                ps.setDouble(i++, t.amount);
                ps.setDouble(i++, t.amountRequested);
                ps.setDouble(i++, t.stakeAmount);
                ps.setDouble(i++, t.openRate);
                ps.setLong(i++, t.openDate);
                ps.setObject(i++, t.closeRate);
                ps.setObject(i++, t.closeDate);
                ps.setObject(i++, t.closeProfit);
                ps.setObject(i++, t.closeProfitAbs);
                ps.setString(i++, t.exitReason);
                ps.setString(i++, t.enterTag);
                ps.setDouble(i++, t.feeOpen);
                ps.setDouble(i++, t.feeClose);
                ps.setDouble(i++, t.minRate);
                ps.setDouble(i++, t.maxRate);
                ps.setDouble(i++, t.stopLossAbs);
                ps.setDouble(i++, t.initialStopLossAbs);
                ps.setDouble(i++, t.stopLossRatio);
                ps.setLong(i++, t.stoplossLastUpdate);
                ps.setString(i++, t.strategy);
                ps.setInt(i, t.timeframeMin);
                ps.executeUpdate();
            }
            try (PreparedStatement del = conn.prepareStatement("DELETE FROM orders WHERE ft_trade_id = ?")) {
                del.setLong(1, t.id);
                del.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO orders (ft_trade_id, order_id, ft_order_side, order_type, status,"
                    + " amount, price, order_date, order_filled_date, ft_is_entry, ft_order_tag) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                for (Trade.Order o : t.orders) {
                    ps.setLong(1, t.id);
                    ps.setString(2, o.orderId);
                    ps.setString(3, o.side);
                    ps.setString(4, o.orderType);
                    ps.setString(5, o.status);
                    ps.setDouble(6, o.amount);
                    ps.setDouble(7, o.price);
                    ps.setLong(8, o.orderDate);
                    ps.setObject(9, o.filledDate);
                    ps.setInt(10, o.entry ? 1 : 0);
                    ps.setString(11, o.tag);
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized void delete(long id) {
        try (PreparedStatement a = conn.prepareStatement("DELETE FROM trades WHERE id = ?");
             PreparedStatement b = conn.prepareStatement("DELETE FROM orders WHERE ft_trade_id = ?")) {
            a.setLong(1, id);
            a.executeUpdate();
            b.setLong(1, id);
            b.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized List<Trade> loadAll() {
        Map<Long, Trade> out = new LinkedHashMap<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM trades ORDER BY id")) {
            while (rs.next()) {
                Trade t = new Trade();
                t.id = rs.getLong("id");
                t.exchange = rs.getString("exchange");
                t.pair = rs.getString("pair");
                t.isOpen = rs.getInt("is_open") == 1;
                t.amount = rs.getDouble("amount");
                t.amountRequested = rs.getDouble("amount_requested");
                t.stakeAmount = rs.getDouble("stake_amount");
                t.openRate = rs.getDouble("open_rate");
                t.openDate = rs.getLong("open_date");
                t.closeRate = (Double) nullable(rs, "close_rate", true);
                Object cd = nullable(rs, "close_date", false);
                t.closeDate = cd == null ? null : ((Number) cd).longValue();
                t.closeProfit = (Double) nullable(rs, "close_profit", true);
                t.closeProfitAbs = (Double) nullable(rs, "close_profit_abs", true);
                t.exitReason = rs.getString("exit_reason");
                t.enterTag = rs.getString("enter_tag");
                t.feeOpen = rs.getDouble("fee_open");
                t.feeClose = rs.getDouble("fee_close");
                t.minRate = rs.getDouble("min_rate");
                t.maxRate = rs.getDouble("max_rate");
                t.stopLossAbs = rs.getDouble("stop_loss");
                t.initialStopLossAbs = rs.getDouble("initial_stop_loss");
                t.stopLossRatio = rs.getDouble("stop_loss_pct");
                t.stoplossLastUpdate = rs.getLong("stoploss_last_update");
                t.strategy = rs.getString("strategy");
                t.timeframeMin = rs.getInt("timeframe");
                out.put(t.id, t);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM orders ORDER BY id")) {
            while (rs.next()) {
                Trade t = out.get(rs.getLong("ft_trade_id"));
                if (t == null) continue;
                Trade.Order o = new Trade.Order();
                o.orderId = rs.getString("order_id");
                o.side = rs.getString("ft_order_side");
                o.orderType = rs.getString("order_type");
                o.status = rs.getString("status");
                o.amount = rs.getDouble("amount");
                o.price = rs.getDouble("price");
                o.orderDate = rs.getLong("order_date");
                Object fd = nullable(rs, "order_filled_date", false);
                o.filledDate = fd == null ? null : ((Number) fd).longValue();
                o.entry = rs.getInt("ft_is_entry") == 1;
                o.tag = rs.getString("ft_order_tag");
                t.orders.add(o);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new ArrayList<>(out.values());
    }

    private static Object nullable(ResultSet rs, String col, boolean dbl) throws SQLException {
        Object o = rs.getObject(col);
        if (o == null) return null;
        return dbl ? (Object) ((Number) o).doubleValue() : o;
    }

    public synchronized String getValue(String key) {
        try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM KeyValueStore WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized void setValue(String key, String value) {
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO KeyValueStore (key, value) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        try { conn.close(); } catch (SQLException ignored) { }
    }
}
