package io.ftfleet.notify;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Channels and the delivery outbox, in plain SQL (H2 and PostgreSQL). */
@Repository
class NotifyStore {

    private static final String CHANNEL_COLUMNS = "id, owner_id, type, name, url_sealed, secret_sealed, "
            + "bot_token_sealed, chat_id, message_thread_id, events, bot_ids, tags, min_severity, enabled, quiet_start, "
            + "quiet_end, quiet_zone, created_at, updated_at";
    private static final String DELIVERY_COLUMNS = "d.id, d.channel_id, c.type, d.event_id, d.event_type, d.severity, "
            + "d.bot_id, d.payload, d.status, d.attempts, d.next_attempt_at, d.last_error, d.created_at, d.sent_at";

    /** A delivery row; {@code channelType} joined from its channel. */
    record Delivery(long id, long channelId, String channelType, String eventId, String eventType, String severity,
            Long botId, String payload, String status, int attempts, Instant nextAttemptAt, String lastError,
            Instant createdAt, Instant sentAt) {
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final RowMapper<Channel> channelRow;
    private final RowMapper<Delivery> deliveryRow = (rs, i) -> new Delivery(rs.getLong(1), rs.getLong(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), (Long) rs.getObject(7, Long.class),
            rs.getString(8), rs.getString(9), rs.getInt(10), instant(rs, 11), rs.getString(12), instant(rs, 13),
            instant(rs, 14));

    NotifyStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.channelRow = (rs, i) -> new Channel(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getObject(9, Long.class), strings(rs.getString(10)), longs(rs.getString(11)),
                rs.getString(12) == null ? null : strings(rs.getString(12)), Severity.parse(rs.getString(13)),
                rs.getBoolean(14), rs.getString(15) == null ? null : new Channel.QuietHours(
                        java.time.LocalTime.parse(rs.getString(15)), java.time.LocalTime.parse(rs.getString(16)),
                        java.time.ZoneId.of(rs.getString(17))), instant(rs, 18), instant(rs, 19));
    }

    // --- channels

    long insertChannel(Channel c, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO notify_channels (owner_id, type, name, "
                    + "url_sealed, secret_sealed, bot_token_sealed, chat_id, message_thread_id, events, bot_ids, tags, "
                    + "min_severity, enabled, quiet_start, quiet_end, quiet_zone, created_at, updated_at) VALUES (?, ?, "
                    + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] { "id" });
            ps.setLong(1, c.ownerId());
            ps.setString(2, c.type());
            ps.setString(3, c.name());
            ps.setString(4, c.urlSealed());
            ps.setString(5, c.secretSealed());
            ps.setString(6, c.botTokenSealed());
            ps.setString(7, c.chatId());
            ps.setObject(8, c.messageThreadId());
            ps.setString(9, json.writeValueAsString(c.events()));
            ps.setString(10, c.botIds() == null ? null : json.writeValueAsString(c.botIds()));
            ps.setString(11, c.tags() == null ? null : json.writeValueAsString(c.tags()));
            ps.setString(12, c.minSeverity().value());
            ps.setBoolean(13, c.enabled());
            ps.setString(14, quietStart(c));
            ps.setString(15, quietEnd(c));
            ps.setString(16, quietZone(c));
            ps.setObject(17, ts(now));
            ps.setObject(18, ts(now));
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    void updateChannel(Channel c, Instant now) {
        jdbc.update("UPDATE notify_channels SET type = ?, name = ?, url_sealed = ?, secret_sealed = ?, "
                + "bot_token_sealed = ?, chat_id = ?, message_thread_id = ?, events = ?, bot_ids = ?, tags = ?, "
                + "min_severity = ?, enabled = ?, quiet_start = ?, quiet_end = ?, quiet_zone = ?, updated_at = ? "
                + "WHERE id = ?", c.type(), c.name(), c.urlSealed(),
                c.secretSealed(), c.botTokenSealed(), c.chatId(), c.messageThreadId(),
                json.writeValueAsString(c.events()), c.botIds() == null ? null : json.writeValueAsString(c.botIds()),
                c.tags() == null ? null : json.writeValueAsString(c.tags()), c.minSeverity().value(), c.enabled(),
                quietStart(c), quietEnd(c), quietZone(c), ts(now), c.id());
    }

    boolean deleteChannel(long id) {
        return jdbc.update("DELETE FROM notify_channels WHERE id = ?", id) == 1;
    }

    Optional<Channel> channel(long id) {
        return jdbc.query("SELECT " + CHANNEL_COLUMNS + " FROM notify_channels WHERE id = ?", channelRow, id).stream()
                .findFirst();
    }

    /** {@code ownerId} null: every user's. */
    List<Channel> channels(Long ownerId) {
        return ownerId == null
                ? jdbc.query("SELECT " + CHANNEL_COLUMNS + " FROM notify_channels ORDER BY id", channelRow)
                : jdbc.query("SELECT " + CHANNEL_COLUMNS + " FROM notify_channels WHERE owner_id = ? ORDER BY id",
                        channelRow, ownerId);
    }

    List<Channel> enabledChannels() {
        return jdbc.query("SELECT " + CHANNEL_COLUMNS + " FROM notify_channels WHERE enabled ORDER BY id", channelRow);
    }

    // --- outbox

    /**
     * False when the channel already holds this event (an event reported twice, e.g. the same trade): never sent
     * twice. {@code ON CONFLICT DO NOTHING} rather than catching the duplicate key, which would abort a PostgreSQL
     * transaction (the caller's, when the alert is written with its change).
     */
    boolean insertDelivery(long channelId, Alert alert, String payload, Instant due) {
        return jdbc.update("INSERT INTO notify_deliveries (channel_id, event_id, event_type, severity, bot_id, payload, "
                + "status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) "
                + "ON CONFLICT DO NOTHING",
                channelId, alert.id(), alert.type(), alert.severity().value(),
                alert.bot() == null ? null : alert.bot().id(), payload, ts(due), ts(alert.at())) == 1;
    }

    /** Drops a held, never-attempted delivery of this event (a flap that recovered within the window). */
    int coalesce(String eventId) {
        return jdbc.update("UPDATE notify_deliveries SET status = 'coalesced', last_error = NULL WHERE event_id = ? "
                + "AND status = 'pending' AND attempts = 0", eventId);
    }

    /** The channels that hold a (not coalesced) delivery of this event. */
    List<Long> channelsWithDelivery(String eventId) {
        return jdbc.queryForList("SELECT channel_id FROM notify_deliveries WHERE event_id = ? AND status <> 'coalesced'",
                Long.class, eventId);
    }

    /** Deliveries due now, oldest first; a claim (below) decides which instance sends each. */
    List<Delivery> due(Instant now, int limit) {
        return jdbc.query("SELECT " + DELIVERY_COLUMNS + " FROM notify_deliveries d JOIN notify_channels c ON "
                + "c.id = d.channel_id WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.id "
                + "FETCH FIRST " + limit + " ROWS ONLY", deliveryRow, ts(now));
    }

    /** Conditional, like the job queue's claim: exactly one instance wins a row. */
    boolean claim(long id, String worker, Instant now) {
        return jdbc.update("UPDATE notify_deliveries SET status = 'sending', claimed_by = ?, claimed_at = ? WHERE id = ? "
                + "AND status = 'pending'", worker, ts(now), id) == 1;
    }

    void sent(long id, Instant now) {
        jdbc.update("UPDATE notify_deliveries SET status = 'sent', attempts = attempts + 1, sent_at = ?, "
                + "last_error = NULL, claimed_by = NULL WHERE id = ? AND status = 'sending'", ts(now), id);
    }

    void failed(long id, String error, Instant retryAt, boolean dead) {
        jdbc.update("UPDATE notify_deliveries SET status = ?, attempts = attempts + 1, last_error = ?, "
                + "next_attempt_at = ?, claimed_by = NULL WHERE id = ? AND status = 'sending'", dead ? "dead" : "pending",
                truncate(error), ts(retryAt), id);
    }

    /** Hands a claimed delivery back untouched (rate limit): not an attempt. */
    void release(long id, Instant retryAt) {
        jdbc.update("UPDATE notify_deliveries SET status = 'pending', next_attempt_at = ?, claimed_by = NULL "
                + "WHERE id = ? AND status = 'sending'", ts(retryAt), id);
    }

    void releaseWorker(String worker) {
        jdbc.update("UPDATE notify_deliveries SET status = 'pending', claimed_by = NULL WHERE status = 'sending' "
                + "AND claimed_by = ?", worker);
    }

    /** Claims of an instance that died (or of this one before a restart) become due again. */
    int reclaimStale(Instant claimedBefore) {
        return jdbc.update("UPDATE notify_deliveries SET status = 'pending', claimed_by = NULL WHERE status = 'sending' "
                + "AND claimed_at < ?", ts(claimedBefore));
    }

    /** Newest first; {@code channelIds} limits to the caller's channels. */
    List<Delivery> deliveries(List<Long> channelIds, String status, int limit) {
        if (channelIds.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(channelIds);
        String sql = "SELECT " + DELIVERY_COLUMNS + " FROM notify_deliveries d JOIN notify_channels c ON "
                + "c.id = d.channel_id WHERE d.channel_id IN (" + "?,".repeat(channelIds.size() - 1) + "?)";
        if (status != null) {
            sql += " AND d.status = ?";
            args.add(status);
        }
        return jdbc.query(sql + " ORDER BY d.id DESC FETCH FIRST " + limit + " ROWS ONLY", deliveryRow,
                args.toArray());
    }

    // --- down/recovered pairing

    /** True when the bot was not down yet (so this is the one bot.down to report). */
    boolean markDown(long botId, String eventId, Instant now) {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM notify_bots_down WHERE bot_id = ?", Integer.class, botId) > 0) {
            return false;
        }
        try {
            return jdbc.update("INSERT INTO notify_bots_down (bot_id, event_id, since) VALUES (?, ?, ?)", botId,
                    eventId, ts(now)) == 1;
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            return false;
        }
    }

    /** The down being cleared (its event id and since), or empty when the bot was not down. */
    Optional<Down> clearDown(long botId) {
        Optional<Down> down = jdbc.query("SELECT event_id, since FROM notify_bots_down WHERE bot_id = ?",
                (rs, i) -> new Down(rs.getString(1), instant(rs, 2)), botId).stream().findFirst();
        if (down.isPresent() && jdbc.update("DELETE FROM notify_bots_down WHERE bot_id = ?", botId) == 1) {
            return down;
        }
        return Optional.empty();
    }

    record Down(String eventId, Instant since) {
    }

    private List<String> strings(String text) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : json.readTree(text)) {
            out.add(n.asString());
        }
        return out;
    }

    private List<Long> longs(String text) {
        if (text == null) {
            return null;
        }
        List<Long> out = new ArrayList<>();
        for (JsonNode n : json.readTree(text)) {
            out.add(n.asLong());
        }
        return out;
    }

    private static String quietStart(Channel c) {
        return c.quietHours() == null ? null : c.quietHours().start().toString();
    }

    private static String quietEnd(Channel c) {
        return c.quietHours() == null ? null : c.quietHours().end().toString();
    }

    private static String quietZone(Channel c) {
        return c.quietHours() == null ? null : c.quietHours().zone().getId();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    private static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(java.time.ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

}
