package io.ftfleet.job;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The {@code jobs} table. Every state change is a conditional UPDATE on the expected current status, so two
 * server instances (or a cancel racing a worker) can never both win.
 */
@Component
class JobStore {

    private static final String COLUMNS = "id, kind, owner_id, status, params, label, progress_done, progress_total, "
            + "progress_phase, worker, pid, work_dir, cancel_requested, exit_code, reason, summary, result, "
            + "result_file, created_at, claimed_at, process_started_at, process_exited_at, finished_at, heartbeat_at";
    /** Lists leave out the full result: it can be large. */
    private static final String LIST_COLUMNS = COLUMNS.replace(" result,", " NULL AS result,");

    private final JdbcTemplate jdbc;

    JobStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code strategyVersionId}: the version the job runs (null for kinds without one, e.g. downloads). */
    long insert(String kind, long ownerId, String params, String label, Long strategyVersionId, Instant now) {
        return insert(kind, ownerId, params, label, strategyVersionId, null, now);
    }

    /** {@code botId}: the bot the job is about (its setup, its live trades), null for most jobs. */
    long insert(String kind, long ownerId, String params, String label, Long strategyVersionId, Long botId,
            Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (kind, owner_id, status, params, label, "
                    + "strategy_version_id, bot_id, created_at) VALUES (?, ?, 'queued', ?, ?, ?, ?, ?)",
                    new String[] { "id" });
            ps.setString(1, kind);
            ps.setLong(2, ownerId);
            ps.setString(3, params);
            ps.setString(4, label);
            ps.setObject(5, strategyVersionId);
            ps.setObject(6, botId);
            ps.setObject(7, ts(now));
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    /** The newest completed job of this kind about this bot; {@code ownerId} null = anyone's. */
    Optional<JobRecord> latestCompletedForBot(long botId, String kind, Long ownerId) {
        // no "? IS NULL" for the scope: PostgreSQL cannot type a parameter that is only compared with NULL
        String sql = "SELECT " + COLUMNS + " FROM jobs WHERE bot_id = ? AND kind = ? AND status = 'completed'"
                + (ownerId == null ? "" : " AND owner_id = ?") + " ORDER BY id DESC LIMIT 1";
        Object[] args = ownerId == null ? new Object[] { botId, kind } : new Object[] { botId, kind, ownerId };
        return jdbc.query(sql, ROW, args).stream().findFirst();
    }

    /** The newest completed job of this kind that ran this strategy version. */
    Optional<JobRecord> latestCompleted(long strategyVersionId, String kind) {
        return jdbc.query("SELECT " + LIST_COLUMNS + " FROM jobs WHERE strategy_version_id = ? AND kind = ? "
                + "AND status = 'completed' ORDER BY id DESC LIMIT 1", ROW, strategyVersionId, kind).stream()
                .findFirst();
    }

    /** Jobs stored before V90 named their version only in {@code params}: the recorded column is filled once. */
    List<JobRecord> withoutVersionColumn(int limit) {
        return jdbc.query("SELECT " + LIST_COLUMNS + " FROM jobs WHERE strategy_version_id IS NULL AND params LIKE ? "
                + "ORDER BY id LIMIT ?", ROW, "%\"strategy_version_id\"%", limit);
    }

    void recordVersion(long id, long strategyVersionId) {
        jdbc.update("UPDATE jobs SET strategy_version_id = ? WHERE id = ?", strategyVersionId, id);
    }

    Optional<JobRecord> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM jobs WHERE id = ?", ROW, id).stream().findFirst();
    }

    /** Newest first; {@code ownerId}/{@code kind}/{@code status} null = any. */
    List<JobRecord> list(Long ownerId, String kind, String status, int skip, int limit) {
        Filter f = filter(ownerId, kind, status);
        List<Object> args = new ArrayList<>(f.args());
        args.add(limit);
        args.add(skip);
        return jdbc.query("SELECT " + LIST_COLUMNS + " FROM jobs" + f.where() + " ORDER BY id DESC LIMIT ? OFFSET ?",
                ROW, args.toArray());
    }

    long count(Long ownerId, String kind, String status) {
        Filter f = filter(ownerId, kind, status);
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM jobs" + f.where(), Long.class, f.args().toArray());
        return n == null ? 0 : n;
    }

    private record Filter(String where, List<Object> args) {
    }

    private static Filter filter(Long ownerId, String kind, String status) {
        List<String> conditions = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (ownerId != null) {
            conditions.add("owner_id = ?");
            args.add(ownerId);
        }
        if (kind != null) {
            conditions.add("kind = ?");
            args.add(kind);
        }
        if (status != null) {
            conditions.add("status = ?");
            args.add(status);
        }
        return new Filter(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), args);
    }

    /** Oldest queued jobs first (FIFO). */
    List<Long> queuedIds(int limit) {
        return jdbc.queryForList("SELECT id FROM jobs WHERE status = 'queued' ORDER BY id LIMIT ?", Long.class, limit);
    }

    Optional<Instant> oldestQueuedAt() {
        return jdbc.query("SELECT MIN(created_at) FROM jobs WHERE status = 'queued'",
                (rs, i) -> instant(rs, 1)).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** Takes a queued job for this worker; false when another worker (or a cancel) got it first. */
    boolean claim(long id, String worker, Instant now) {
        return jdbc.update("UPDATE jobs SET status = 'running', worker = ?, claimed_at = ?, heartbeat_at = ?, "
                + "progress_phase = 'preparing' WHERE id = ? AND status = 'queued'", worker, ts(now), ts(now), id) == 1;
    }

    void processStarted(long id, long pid, String workDir, Instant now) {
        jdbc.update("UPDATE jobs SET pid = ?, work_dir = ?, process_started_at = ?, heartbeat_at = ? WHERE id = ?",
                pid, workDir, ts(now), ts(now), id);
    }

    void progress(long id, Integer done, Integer total, String phase) {
        jdbc.update("UPDATE jobs SET progress_done = COALESCE(?, progress_done), progress_total = "
                + "COALESCE(?, progress_total), progress_phase = COALESCE(?, progress_phase) WHERE id = ? "
                + "AND status = 'running'", done, total, phase, id);
    }

    /** Touches the running jobs of this worker; returns the ids among them whose cancel was requested. */
    List<Long> heartbeat(String worker, Instant now) {
        jdbc.update("UPDATE jobs SET heartbeat_at = ? WHERE worker = ? AND status = 'running'", ts(now), worker);
        return jdbc.queryForList("SELECT id FROM jobs WHERE worker = ? AND status = 'running' AND cancel_requested",
                Long.class, worker);
    }

    void processExited(long id, int exitCode, Instant now) {
        jdbc.update("UPDATE jobs SET exit_code = ?, process_exited_at = ? WHERE id = ?", exitCode, ts(now), id);
    }

    /** Ends a running job; false when it was no longer running (e.g. swept by recovery). */
    boolean finish(long id, String status, String reason, String summary, String result, String resultFile,
            Instant now) {
        return jdbc.update("UPDATE jobs SET status = ?, reason = ?, summary = ?, result = ?, result_file = ?, "
                + "finished_at = ?, progress_phase = ? WHERE id = ? AND status = 'running'", status, reason, summary,
                result, resultFile, ts(now), status, id) == 1;
    }

    boolean cancelQueued(long id, Instant now) {
        return jdbc.update("UPDATE jobs SET status = 'cancelled', reason = 'cancelled before it started', "
                + "cancel_requested = TRUE, finished_at = ?, progress_phase = 'cancelled' WHERE id = ? "
                + "AND status = 'queued'", ts(now), id) == 1;
    }

    boolean requestCancel(long id) {
        return jdbc.update("UPDATE jobs SET cancel_requested = TRUE WHERE id = ? AND status = 'running'", id) == 1;
    }

    /** Running rows whose worker stopped touching them before {@code cutoff}. */
    List<JobRecord> orphans(Instant cutoff) {
        return jdbc.query("SELECT " + LIST_COLUMNS + " FROM jobs WHERE status = 'running' AND (heartbeat_at IS NULL "
                + "OR heartbeat_at < ?)", ROW, ts(cutoff));
    }

    boolean failOrphan(long id, Instant seenHeartbeat, String reason, Instant now) {
        return jdbc.update("UPDATE jobs SET status = 'failed', reason = ?, finished_at = ?, progress_phase = 'failed' "
                + "WHERE id = ? AND status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at <= ?)", reason,
                ts(now), id, ts(seenHeartbeat == null ? now : seenHeartbeat)) == 1;
    }

    boolean requeueOrphan(long id, Instant seenHeartbeat, String reason) {
        return jdbc.update("UPDATE jobs SET status = 'queued', worker = NULL, pid = NULL, claimed_at = NULL, "
                + "process_started_at = NULL, process_exited_at = NULL, exit_code = NULL, progress_done = NULL, "
                + "progress_total = NULL, progress_phase = NULL, reason = ? WHERE id = ? AND status = 'running' "
                + "AND NOT cancel_requested AND (heartbeat_at IS NULL OR heartbeat_at <= ?)", reason, id,
                ts(seenHeartbeat == null ? Instant.now() : seenHeartbeat)) == 1;
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static final RowMapper<JobRecord> ROW = (rs, i) -> {
        long pid = rs.getLong("pid");
        Long pidOrNull = rs.wasNull() ? null : pid;
        return new JobRecord(rs.getLong("id"), rs.getString("kind"), rs.getLong("owner_id"), rs.getString("status"),
                rs.getString("params"), rs.getString("label"), integer(rs, "progress_done"),
                integer(rs, "progress_total"), rs.getString("progress_phase"), rs.getString("worker"), pidOrNull,
                rs.getString("work_dir"), rs.getBoolean("cancel_requested"), integer(rs, "exit_code"),
                rs.getString("reason"), rs.getString("summary"), rs.getString("result"), rs.getString("result_file"),
                instant(rs, "created_at"), instant(rs, "claimed_at"), instant(rs, "process_started_at"),
                instant(rs, "process_exited_at"), instant(rs, "finished_at"), instant(rs, "heartbeat_at"));
    };
}
