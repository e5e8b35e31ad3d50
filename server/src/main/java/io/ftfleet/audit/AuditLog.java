package io.ftfleet.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code audit_logs} table, through plain JDBC: rows are only ever inserted (there is no update or delete
 * here), ids are assigned by the chain, and SELECT ... FOR UPDATE on the chain head is easier to say in SQL.
 */
@Repository
class AuditLog {

    /** Page size for export and verification: bounded memory and short queries however long the trail is. */
    static final int PAGE = 500;

    private static final String COLUMNS = "id, created_at, actor_id, username, actor_role, ip_address, request_id, "
            + "http_method, path, status_code, action, target_type, target_id, outcome, reason, details, prev_hash, hash";

    private static final RowMapper<AuditEntry> ROW = AuditLog::map;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    record Head(long lastId, String lastHash) {
    }

    /**
     * Appends one entry at the end of the chain. Must run in a transaction: the chain head's row lock is held until
     * it commits, so concurrent writers, on this instance or any other sharing the database, queue up behind it
     * and the chain never forks. {@code draft}'s id, prev_hash and hash are replaced.
     */
    AuditEntry append(AuditEntry draft) {
        Head head = jdbc.queryForObject("SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE",
                (rs, n) -> new Head(rs.getLong(1), rs.getString(2)));
        AuditEntry unhashed = new AuditEntry(head.lastId() + 1, draft.createdAt(), draft.actorId(), draft.username(),
                draft.actorRole(), draft.ipAddress(), draft.requestId(), draft.httpMethod(), draft.path(),
                draft.statusCode(), draft.action(), draft.targetType(), draft.targetId(), draft.outcome(),
                draft.reason(), draft.details(), head.lastHash(), null);
        AuditEntry entry = unhashed.withHash(AuditChain.hash(unhashed));
        jdbc.update("INSERT INTO audit_logs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entry.id(), OffsetDateTime.ofInstant(entry.createdAt(), ZoneOffset.UTC), entry.actorId(),
                entry.username(), entry.actorRole(), entry.ipAddress(), entry.requestId(), entry.httpMethod(),
                entry.path(), entry.statusCode(), entry.action(), entry.targetType(), entry.targetId(),
                entry.outcome(), entry.reason(), entry.details(), entry.prevHash(), entry.hash());
        jdbc.update("UPDATE audit_chain_head SET last_id = ?, last_hash = ? WHERE id = 1", entry.id(), entry.hash());
        return entry;
    }

    Head head() {
        return jdbc.queryForObject("SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1",
                (rs, n) -> new Head(rs.getLong(1), rs.getString(2)));
    }

    /** One page, newest first (by id: created_at may tie). */
    List<AuditEntry> find(AuditFilter filter, int skip, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = where(filter, params);
        params.addValue("limit", limit).addValue("skip", skip);
        return named.query("SELECT " + COLUMNS + " FROM audit_logs" + where + " ORDER BY id DESC LIMIT :limit OFFSET :skip",
                params, ROW);
    }

    /**
     * Matching entries with ids up to {@code maxId} in id order, oldest first, read page by page (keyset, not
     * offset), until {@code consumer} returns false.
     */
    void forEach(AuditFilter filter, long maxId, Predicate<AuditEntry> consumer) {
        long after = 0;
        while (true) {
            MapSqlParameterSource params = new MapSqlParameterSource();
            String where = where(filter, params);
            params.addValue("after", after).addValue("maxId", maxId).addValue("page", PAGE);
            String sql = "SELECT " + COLUMNS + " FROM audit_logs" + (where.isEmpty() ? " WHERE " : where + " AND ")
                    + "id > :after AND id <= :maxId ORDER BY id ASC LIMIT :page";
            List<AuditEntry> page = named.query(sql, params, ROW);
            for (AuditEntry entry : page) {
                if (!consumer.test(entry)) {
                    return;
                }
            }
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    private static String where(AuditFilter f, MapSqlParameterSource params) {
        List<String> clauses = new ArrayList<>();
        add(clauses, params, "actor_id", f.actorId());
        add(clauses, params, "username", f.actor());
        add(clauses, params, "action", f.action());
        add(clauses, params, "target_type", f.targetType());
        add(clauses, params, "target_id", f.targetId());
        add(clauses, params, "outcome", f.outcome());
        if (f.from() != null) {
            clauses.add("created_at >= :from");
            params.addValue("from", OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC));
        }
        if (f.to() != null) {
            clauses.add("created_at < :to");
            params.addValue("to", OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC));
        }
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    private static void add(List<String> clauses, MapSqlParameterSource params, String column, Object value) {
        if (value != null) {
            clauses.add(column + " = :" + column);
            params.addValue(column, value);
        }
    }

    private static AuditEntry map(ResultSet rs, int row) throws SQLException {
        long actorId = rs.getLong("actor_id");
        Long actor = rs.wasNull() ? null : actorId;
        return new AuditEntry(rs.getLong("id"), rs.getObject("created_at", OffsetDateTime.class).toInstant(), actor,
                rs.getString("username"), rs.getString("actor_role"), rs.getString("ip_address"),
                rs.getString("request_id"), rs.getString("http_method"), rs.getString("path"), rs.getInt("status_code"),
                rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
                rs.getString("outcome"), rs.getString("reason"), rs.getString("details"), rs.getString("prev_hash"),
                rs.getString("hash"));
    }
}
