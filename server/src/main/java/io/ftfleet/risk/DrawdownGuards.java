package io.ftfleet.risk;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.ftfleet.core.ApiException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Watches each enabled guard's equity and trips it when the drawdown from the high within its window reaches the
 * limit. Equity is the sum of the covered bots' balances per stake currency (USDT and BTC are separate series, never
 * added); dry-run and live bots are never in the same guard. The highs are kept in memory from this server's own
 * samples, so after a server restart a guard starts from the current equity. The series is kept per bot
 * ({@link GuardSeries}): a bot joining or leaving (added, deleted, re-tagged) neither resets the others' high nor
 * counts as a gain or a loss.
 * <p>
 * External bots report their own balance, so one user's external bot must not be able to stop other users' bots:
 * in a guard that covers bots of more than one owner, an external bot counts only when an admin listed it in the
 * guard's {@code allowed_external_bot_ids} ({@link DrawdownGuard#counted}).
 * <p>
 * Tripping: the guard is marked tripped, the global {@link TradingSwitch} is tripped (no bot may start), and a
 * {@link DrawdownGuardTripped} is published; the bot module stops entries on exactly the bots of the series that
 * fell, through the emergency stop's path, and the audit trail and event stream record it. A tripped guard stays
 * tripped until an admin re-arms trading, which also restarts every series.
 */
@Service
class DrawdownGuards {

    private static final Logger log = LoggerFactory.getLogger(DrawdownGuards.class);
    static final String ACTOR = "drawdown-guard";

    /** What a guard sees now in one currency, for the API. */
    record Status(String stakeCurrency, int bots, double equity, double highEquity, double drawdownPct) {
    }

    private final JdbcTemplate jdbc;
    private final FleetEquity equity;
    private final TradingSwitch tradingSwitch;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Map<Long, Map<String, GuardSeries>> series = new ConcurrentHashMap<>();

    DrawdownGuards(JdbcTemplate jdbc, FleetEquity equity, TradingSwitch tradingSwitch,
            ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.equity = equity;
        this.tradingSwitch = tradingSwitch;
        this.events = events;
        this.clock = clock;
    }

    List<DrawdownGuard> all() {
        return jdbc.query("select * from drawdown_guards order by id", DrawdownGuards::row);
    }

    Optional<DrawdownGuard> find(long id) {
        return jdbc.query("select * from drawdown_guards where id = ?", DrawdownGuards::row, id).stream().findFirst();
    }

    DrawdownGuard create(DrawdownGuard g) {
        try {
            jdbc.update("insert into drawdown_guards (name, scope_tag, dry_run, max_drawdown_pct, window_minutes,"
                    + " force_exit, enabled, created_at, allowed_external_bot_ids) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    g.name(), g.scopeTag(), g.dryRun(), g.maxDrawdownPct(), g.windowMinutes(), g.forceExit(),
                    g.enabled(), utc(clock.instant()), ids(g.allowedExternalBotIds()));
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("guard_exists", "A drawdown guard with this name already exists.");
        }
        Long id = jdbc.queryForObject("select id from drawdown_guards where name = ?", Long.class, g.name());
        return find(id).orElseThrow();
    }

    DrawdownGuard update(long id, DrawdownGuard g) {
        int n;
        try {
            n = jdbc.update("update drawdown_guards set name = ?, scope_tag = ?, dry_run = ?, max_drawdown_pct = ?,"
                    + " window_minutes = ?, force_exit = ?, enabled = ?, allowed_external_bot_ids = ? where id = ?",
                    g.name(), g.scopeTag(), g.dryRun(), g.maxDrawdownPct(), g.windowMinutes(), g.forceExit(),
                    g.enabled(), ids(g.allowedExternalBotIds()), id);
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("guard_exists", "A drawdown guard with this name already exists.");
        }
        if (n == 0) {
            throw ApiException.notFound("guard_not_found", "Drawdown guard not found.");
        }
        series.remove(id); // new scope or window: start the series again
        return find(id).orElseThrow();
    }

    void delete(long id) {
        if (jdbc.update("delete from drawdown_guards where id = ?", id) == 0) {
            throw ApiException.notFound("guard_not_found", "Drawdown guard not found.");
        }
        series.remove(id);
    }

    /** The guard's current equity, high and drawdown per stake currency (empty before the first check). */
    List<Status> status(long guardId) {
        Map<String, GuardSeries> byCurrency = series.getOrDefault(guardId, Map.of());
        List<Status> out = new ArrayList<>();
        new TreeMap<>(byCurrency).forEach((currency, s) -> {
            synchronized (s) {
                double last = s.last();
                if (!Double.isNaN(last)) {
                    double high = s.high();
                    out.add(new Status(currency, s.members().size(), last, high, drawdownPct(high, last)));
                }
            }
        });
        return out;
    }

    @Scheduled(fixedDelayString = "${ftfleet.risk.drawdown.check-interval:5s}",
            initialDelayString = "${ftfleet.risk.drawdown.check-interval:5s}")
    void check() {
        try {
            List<DrawdownGuard> guards = all().stream().filter(DrawdownGuard::enabled).toList();
            series.keySet().retainAll(guards.stream().map(DrawdownGuard::id).collect(Collectors.toSet()));
            if (guards.isEmpty()) {
                return;
            }
            List<FleetEquity.BotEquity> bots = equity.current();
            Instant now = clock.instant();
            for (DrawdownGuard guard : guards) {
                if (guard.trippedAt() == null) {
                    check(guard, bots, now);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Drawdown guard check failed: {}", e.toString());
        }
    }

    private void check(DrawdownGuard guard, List<FleetEquity.BotEquity> bots, Instant now) {
        Map<String, List<FleetEquity.BotEquity>> byCurrency = guard.counted(bots).stream()
                .filter(b -> b.balance() != null && b.stakeCurrency() != null)
                .collect(Collectors.groupingBy(FleetEquity.BotEquity::stakeCurrency));
        Map<String, GuardSeries> guardSeries = series.computeIfAbsent(guard.id(), id -> new ConcurrentHashMap<>());
        guardSeries.keySet().retainAll(byCurrency.keySet());
        Instant cutoff = now.minus(Duration.ofMinutes(guard.windowMinutes()));
        for (Map.Entry<String, List<FleetEquity.BotEquity>> entry : byCurrency.entrySet()) {
            Map<Long, Double> balances = new TreeMap<>();
            entry.getValue().forEach(b -> balances.put(b.botId(), b.balance()));
            GuardSeries s = guardSeries.computeIfAbsent(entry.getKey(), currency -> new GuardSeries());
            double high;
            double total;
            synchronized (s) {
                s.add(now, balances, cutoff);
                high = s.high();
                total = s.last();
            }
            double dd = drawdownPct(high, total);
            if (high > 0 && dd >= guard.maxDrawdownPct()) {
                trip(guard, entry.getKey(), high, total, dd, List.copyOf(balances.keySet()));
                return;
            }
        }
    }

    private void trip(DrawdownGuard guard, String currency, double high, double now, double dd, List<Long> botIds) {
        DrawdownGuardTripped tripped = new DrawdownGuardTripped(guard.id(), guard.name(), guard.scopeTag(),
                guard.dryRun(), currency, high, now, dd, guard.maxDrawdownPct(), botIds, guard.forceExit());
        String reason = tripped.reason();
        log.warn("Tripped: {}; stopping entries on bots {}", reason, botIds);
        String stored = reason.length() > 500 ? reason.substring(0, 500) : reason;
        // The switch first: whoever sees this guard tripped also sees trading disabled, never the other way round.
        tradingSwitch.trip(stored, ACTOR);
        jdbc.update("update drawdown_guards set tripped_at = ?, tripped_reason = ? where id = ?",
                utc(clock.instant()), stored, guard.id());
        events.publishEvent(tripped);
    }

    /** An admin re-armed trading: every guard is armed again and measures from the current equity. */
    @EventListener
    void on(TradingSwitch.Rearmed rearmed) {
        jdbc.update("update drawdown_guards set tripped_at = null, tripped_reason = null where tripped_at is not null");
        series.clear();
    }

    static double drawdownPct(double high, double now) {
        return high > 0 ? Math.max(0, (high - now) / high * 100.0) : 0;
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static DrawdownGuard row(ResultSet rs, int i) throws SQLException {
        OffsetDateTime tripped = rs.getObject("tripped_at", OffsetDateTime.class);
        OffsetDateTime created = rs.getObject("created_at", OffsetDateTime.class);
        return new DrawdownGuard(rs.getLong("id"), rs.getString("name"), rs.getString("scope_tag"),
                rs.getBoolean("dry_run"), rs.getDouble("max_drawdown_pct"), rs.getInt("window_minutes"),
                rs.getBoolean("force_exit"), rs.getBoolean("enabled"), tripped == null ? null : tripped.toInstant(),
                rs.getString("tripped_reason"), created == null ? null : created.toInstant(),
                ids(rs.getString("allowed_external_bot_ids")));
    }

    /** Stored as a comma-separated list: a handful of ids, read and written only with the guard. */
    private static String ids(Set<Long> ids) {
        return ids == null || ids.isEmpty() ? null
                : ids.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static Set<Long> ids(String stored) {
        if (stored == null || stored.isBlank()) {
            return Set.of();
        }
        return java.util.Arrays.stream(stored.split(",")).map(String::strip).filter(x -> !x.isEmpty())
                .map(Long::valueOf).collect(Collectors.toCollection(TreeSet::new));
    }
}
