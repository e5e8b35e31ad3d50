package io.ftfleet.risk;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import io.ftfleet.core.AuditableEvent;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Whether bots may start. Persisted, so a tripped switch stays tripped across server restarts. */
@Service
public class TradingSwitch {

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TradingSwitch(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    public record State(boolean enabled, String reason, String changedBy, Instant changedAt) {
    }

    public record Tripped(String reason) implements AuditableEvent {
        @Override
        public String action() {
            return "trading.disabled";
        }

        @Override
        public String targetType() {
            return "trading_switch";
        }

        @Override
        public String targetId() {
            return "global";
        }

        @Override
        public Map<String, Object> after() {
            return Map.of("enabled", false, "reason", reason);
        }
    }

    public record Rearmed() implements AuditableEvent {
        @Override
        public String action() {
            return "trading.rearmed";
        }

        @Override
        public String targetType() {
            return "trading_switch";
        }

        @Override
        public String targetId() {
            return "global";
        }

        @Override
        public Map<String, Object> after() {
            return Map.of("enabled", true);
        }
    }

    @Transactional(readOnly = true)
    public State state() {
        return jdbc.queryForObject("select enabled, reason, changed_by, changed_at from trading_switch where id = 1",
                (rs, i) -> new State(rs.getBoolean(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, java.time.OffsetDateTime.class) == null ? null
                                : rs.getObject(4, java.time.OffsetDateTime.class).toInstant()));
    }

    public boolean enabled() {
        return state().enabled();
    }

    @Transactional
    public void trip(String reason, String by) {
        jdbc.update("update trading_switch set enabled = false, reason = ?, changed_by = ?, changed_at = ? where id = 1",
                reason, by, java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC));
        events.publishEvent(new Tripped(reason));
    }

    @Transactional
    public void rearm(String by) {
        jdbc.update("update trading_switch set enabled = true, reason = null, changed_by = ?, changed_at = ? where id = 1",
                by, java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC));
        events.publishEvent(new Rearmed());
    }
}
