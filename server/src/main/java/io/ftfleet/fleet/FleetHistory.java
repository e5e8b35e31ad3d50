package io.ftfleet.fleet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Snapshots as a time series: every {@code ftfleet.fleet.history.interval} one raw row per bot (one batch insert);
 * every {@code maintenance} interval the completed hours are downsampled into hourly rows (balance average, min,
 * max and last; open trades average; the last closed-trade count and profit of the hour), then raw rows older than
 * the raw retention and hourly rows older than the hourly retention are deleted. Downsampling rewrites whole hours,
 * so running it twice, or after a restart, gives the same rows.
 */
@Service
class FleetHistory {

    private static final Logger log = LoggerFactory.getLogger(FleetHistory.class);
    static final int MAX_POINTS = 10_000;

    record Point(long botId, Instant at, String status, String botState, Integer openTrades, Double openTradesAvg,
            Integer closedTrades, Double profitClosedAbs, Double profitAllRatio, Double balance, Double balanceMin,
            Double balanceMax, Integer samples, Integer onlineSamples, String stakeCurrency, boolean dryRun) {
    }

    private final JdbcTemplate jdbc;
    private final FleetSnapshots snapshots;
    private final FleetHistoryProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;

    FleetHistory(JdbcTemplate jdbc, FleetSnapshots snapshots, FleetHistoryProperties properties,
            TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.snapshots = snapshots;
        this.properties = properties;
        this.tx = tx;
        this.clock = clock;
    }

    @Scheduled(fixedRateString = "${ftfleet.fleet.history.interval:1m}",
            initialDelayString = "${ftfleet.fleet.history.interval:1m}")
    void record() {
        try {
            record(snapshots.all(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        } catch (RuntimeException e) {
            log.warn("Could not write the snapshot history: {}", e.toString());
        }
    }

    /** One raw row per bot that has been polled at least once, all with the same timestamp. */
    int record(List<BotSnapshot> all, Instant at) {
        List<BotSnapshot> rows = all.stream().filter(s -> s.status() != BotSnapshot.Status.INITIALIZING).toList();
        if (rows.isEmpty()) {
            return 0;
        }
        OffsetDateTime ts = utc(at);
        jdbc.batchUpdate("insert into fleet_history_raw (bot_id, sampled_at, owner_id, status, bot_state, open_trades,"
                + " closed_trades, profit_closed_abs, profit_all_ratio, balance_total, stake_currency, dry_run)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows, 500, (ps, s) -> {
                    ps.setLong(1, s.botId());
                    ps.setObject(2, ts);
                    ps.setLong(3, s.ownerId());
                    ps.setString(4, s.status().name());
                    ps.setString(5, s.botState());
                    ps.setObject(6, s.openTrades(), Types.INTEGER);
                    ps.setObject(7, s.closedTrades(), Types.INTEGER);
                    ps.setObject(8, s.profitClosedAbs(), Types.DOUBLE);
                    ps.setObject(9, s.profitAllRatio(), Types.DOUBLE);
                    ps.setObject(10, s.balanceTotal(), Types.DOUBLE);
                    ps.setString(11, s.stakeCurrency());
                    ps.setBoolean(12, s.dryRun());
                });
        return rows.size();
    }

    @Scheduled(fixedDelayString = "${ftfleet.fleet.history.maintenance:10m}", initialDelay = 60_000)
    void maintain() {
        try {
            maintain(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Could not downsample the snapshot history: {}", e.toString());
        }
    }

    /** Downsamples every completed hour still in the raw rows, then deletes what has expired. */
    void maintain(Instant now) {
        Instant currentHour = now.truncatedTo(ChronoUnit.HOURS);
        Timestamp first = jdbc.queryForObject("select min(sampled_at) from fleet_history_raw", Timestamp.class);
        if (first != null) {
            Instant from = first.toInstant().truncatedTo(ChronoUnit.HOURS);
            Instant latestHourly = latestHourly();
            if (latestHourly != null && latestHourly.plus(1, ChronoUnit.HOURS).isAfter(from)) {
                from = latestHourly; // re-aggregate the last written hour: late rows of it are included
            }
            for (Instant hour = from; hour.isBefore(currentHour); hour = hour.plus(1, ChronoUnit.HOURS)) {
                Instant h = hour;
                tx.executeWithoutResult(status -> downsample(h));
            }
        }
        jdbc.update("delete from fleet_history_raw where sampled_at < ?", utc(now.minus(properties.rawRetention())));
        jdbc.update("delete from fleet_history_hourly where hour_start < ?",
                utc(now.minus(properties.hourlyRetention())));
    }

    private Instant latestHourly() {
        Timestamp t = jdbc.queryForObject("select max(hour_start) from fleet_history_hourly", Timestamp.class);
        return t == null ? null : t.toInstant();
    }

    private void downsample(Instant hour) {
        OffsetDateTime start = utc(hour);
        OffsetDateTime end = utc(hour.plus(1, ChronoUnit.HOURS));
        jdbc.update("delete from fleet_history_hourly where hour_start = ?", start);
        // Aggregates in SQL; the hour's last row per bot gives the counters and the last balance.
        jdbc.update("insert into fleet_history_hourly (bot_id, hour_start, owner_id, samples, online_samples,"
                + " open_trades_avg, closed_trades, profit_closed_abs, profit_all_ratio, balance_avg, balance_min,"
                + " balance_max, balance_last, stake_currency, dry_run)"
                + " select a.bot_id, ?, l.owner_id, a.samples, a.online_samples, a.open_avg, l.closed_trades,"
                + " l.profit_closed_abs, l.profit_all_ratio, a.bal_avg, a.bal_min, a.bal_max, l.balance_total,"
                + " l.stake_currency, l.dry_run from (select bot_id, count(*) samples,"
                + " sum(case when status = 'ONLINE' then 1 else 0 end) online_samples, avg(open_trades * 1.0) open_avg,"
                + " avg(balance_total) bal_avg, min(balance_total) bal_min, max(balance_total) bal_max,"
                + " max(sampled_at) last_at from fleet_history_raw where sampled_at >= ? and sampled_at < ?"
                + " group by bot_id) a join fleet_history_raw l on l.bot_id = a.bot_id and l.sampled_at = a.last_at",
                start, start, end);
    }

    /**
     * Points of one bot or all bots in the scope, oldest first, at most {@link #MAX_POINTS}.
     *
     * @param ownerId null for every owner (admins)
     */
    List<Point> query(Long botId, Long ownerId, Instant from, Instant to, boolean hourly) {
        List<Object> args = new ArrayList<>();
        String time = hourly ? "hour_start" : "sampled_at";
        StringBuilder sql = new StringBuilder("select * from ")
                .append(hourly ? "fleet_history_hourly" : "fleet_history_raw").append(" where ").append(time)
                .append(" >= ? and ").append(time).append(" < ?");
        args.add(utc(from));
        args.add(utc(to));
        if (botId != null) {
            sql.append(" and bot_id = ?");
            args.add(botId);
        }
        if (ownerId != null) {
            sql.append(" and owner_id = ?");
            args.add(ownerId);
        }
        sql.append(" order by ").append(time).append(", bot_id limit ").append(MAX_POINTS + 1);
        return jdbc.query(sql.toString(), hourly ? FleetHistory::hourlyRow : FleetHistory::rawRow, args.toArray());
    }

    private static Point rawRow(ResultSet rs, int i) throws SQLException {
        return new Point(rs.getLong("bot_id"), rs.getObject("sampled_at", OffsetDateTime.class).toInstant(),
                rs.getString("status"), rs.getString("bot_state"), rs.getObject("open_trades", Integer.class),
                null, rs.getObject("closed_trades", Integer.class), rs.getObject("profit_closed_abs", Double.class),
                rs.getObject("profit_all_ratio", Double.class), rs.getObject("balance_total", Double.class), null, null,
                null, null, rs.getString("stake_currency"), rs.getBoolean("dry_run"));
    }

    private static Point hourlyRow(ResultSet rs, int i) throws SQLException {
        return new Point(rs.getLong("bot_id"), rs.getObject("hour_start", OffsetDateTime.class).toInstant(), null,
                null, null, rs.getObject("open_trades_avg", Double.class), rs.getObject("closed_trades", Integer.class),
                rs.getObject("profit_closed_abs", Double.class), rs.getObject("profit_all_ratio", Double.class),
                rs.getObject("balance_avg", Double.class), rs.getObject("balance_min", Double.class),
                rs.getObject("balance_max", Double.class), rs.getInt("samples"), rs.getInt("online_samples"),
                rs.getString("stake_currency"), rs.getBoolean("dry_run"));
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
