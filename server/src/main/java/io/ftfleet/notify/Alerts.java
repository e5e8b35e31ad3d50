package io.ftfleet.notify;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.ftfleet.bot.BotDirectory;
import io.ftfleet.event.TradeClosed;
import io.ftfleet.event.TradeOpened;
import io.ftfleet.fleet.PollerLag;
import io.ftfleet.job.JobEvents;
import io.ftfleet.risk.DrawdownGuardTripped;
import io.ftfleet.risk.TradingSwitch;
import io.ftfleet.runtime.RuntimeEvents;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Turns the other modules' domain events into alerts, each written to the outbox before the publisher's transaction
 * commits ({@code BEFORE_COMMIT}; at once for events published outside a transaction). Messages are short, for a
 * phone: the bot's name, what happened, the figure that matters, and a link when a public base URL is set.
 */
@Component
class Alerts {

    private final Outbox outbox;
    private final NotifyStore store;
    private final BotDirectory bots;
    private final NotifyProperties settings;
    private final CrashLoops crashLoops;
    /** The event id of the poller.lagging alert not yet resolved, else null (memory: the lag is, too). */
    private String pollerLagging;

    Alerts(Outbox outbox, NotifyStore store, BotDirectory bots, NotifyProperties settings) {
        this.outbox = outbox;
        this.store = store;
        this.bots = bots;
        this.settings = settings;
        this.crashLoops = new CrashLoops(settings.crashLoopCrashes(), settings.crashLoopWindow());
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(RuntimeEvents.BotObserved observed) {
        outbox.write(now -> observed(observed, now));
    }

    private void observed(RuntimeEvents.BotObserved observed, Instant now) {
        Optional<Alert.BotRef> found = bot(observed.botId());
        if (found.isEmpty()) {
            return; // deleted meanwhile: nobody may see it any more
        }
        Alert.BotRef bot = found.get();
        String reason = observed.reason() == null ? "" : observed.reason();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", observed.state().value());
        data.put("reason", observed.reason());
        switch (observed.state()) {
            case CRASHED -> {
                // Counted here from the runtime's structured observations, not read from its reason text.
                int loop = crashLoops.crashed(bot.id(), now);
                String id = Outbox.newId();
                boolean firstDown = store.markDown(bot.id(), id, now);
                if (loop > 0) {
                    data.put("crashes_in_window", loop);
                    data.put("window_seconds", settings.crashLoopWindow().toSeconds());
                    outbox.route(alert(firstDown ? id : Outbox.newId(), "bot.crash_loop", Severity.CRITICAL, now, bot,
                            data, "🔴 " + bot.name() + " is in a crash loop: " + loop + " crashes within "
                                    + duration(settings.crashLoopWindow().toSeconds()) + ": " + reason), now);
                } else if (firstDown) {
                    outbox.route(alert(id, "bot.down", Severity.CRITICAL, now, bot, data,
                            "🔴 " + bot.name() + " is down: " + reason), now.plus(settings.flapWindow()));
                }
            }
            case START_FAILED -> {
                String id = Outbox.newId();
                store.markDown(bot.id(), id, now);
                outbox.route(alert(id, "bot.start_failed", Severity.CRITICAL, now, bot, data,
                        "🔴 " + bot.name() + " failed to start: " + reason), now);
            }
            case UNREACHABLE -> {
                String id = Outbox.newId();
                if (store.markDown(bot.id(), id, now)) {
                    outbox.route(alert(id, "bot.unreachable", Severity.WARNING, now, bot, data,
                            "🟠 " + bot.name() + " is unreachable: " + reason), now.plus(settings.flapWindow()));
                }
            }
            case RUNNING -> store.clearDown(bot.id()).ifPresent(down -> recovered(bot, down, data, now));
            default -> {
                // starting, stopping, stopped: asked for by a person, nothing to alert about
            }
        }
    }

    /**
     * A recovery goes exactly where its down went. Within the flap window, while the down is still held, both are
     * dropped: a bot that was back before anyone was told needs no message at all.
     */
    private void recovered(Alert.BotRef bot, NotifyStore.Down down, Map<String, Object> data, Instant now) {
        if (!settings.flapWindow().isZero() && !down.since().plus(settings.flapWindow()).isBefore(now)) {
            store.coalesce(down.eventId());
        }
        Set<Long> told = new HashSet<>(outbox.channelsThatGot(down.eventId()));
        if (told.isEmpty()) {
            return;
        }
        long seconds = Math.max(0, now.getEpochSecond() - down.since().getEpochSecond());
        data.put("down_seconds", seconds);
        outbox.route(alert(Outbox.newId(), "bot.recovered", Severity.INFO, now, bot, data,
                "🟢 " + bot.name() + " recovered after " + duration(seconds)), now, told);
    }

    /**
     * Trade alerts carry an id derived from the trade ({@link #tradeEventId}), so the same fill reported twice (a
     * websocket reconnect, a second instance) gives one delivery per channel, not two.
     */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(TradeOpened opened) {
        outbox.write(now -> bot(opened.botId()).ifPresent(bot -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("trade_id", opened.tradeId());
            data.put("pair", opened.pair());
            data.put("side", side(opened.direction()));
            data.put("amount", opened.amount());
            data.put("stake_amount", opened.stakeAmount());
            data.put("stake_currency", opened.stakeCurrency());
            data.put("open_rate", opened.openRate());
            data.put("enter_tag", opened.enterTag());
            data.put("open_date", opened.openDate());
            String text = String.format(Locale.ROOT, "📈 %s opened %s %s #%d: %s at %s, stake %s %s", bot.name(),
                    side(opened.direction()), opened.pair(), opened.tradeId(), number(opened.amount()),
                    number(opened.openRate()), money(opened.stakeAmount()), opened.stakeCurrency());
            outbox.route(alert(tradeEventId("trade.opened", opened.botId(), opened.tradeId(), opened.openDate()),
                    "trade.opened", Severity.INFO, now, bot, data, text), now);
        }));
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(TradeClosed closed) {
        outbox.write(now -> bot(closed.botId()).ifPresent(bot -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("trade_id", closed.tradeId());
            data.put("pair", closed.pair());
            data.put("side", side(closed.direction()));
            data.put("amount", closed.amount());
            data.put("stake_amount", closed.stakeAmount());
            data.put("stake_currency", closed.stakeCurrency());
            data.put("open_rate", closed.openRate());
            data.put("close_rate", closed.closeRate());
            data.put("profit_amount", closed.profitAmount());
            data.put("profit_ratio", closed.profitRatio());
            data.put("exit_reason", closed.exitReason());
            data.put("open_date", closed.openDate());
            data.put("close_date", closed.closeDate());
            boolean gain = closed.profitAmount() != null && closed.profitAmount() >= 0;
            String text = String.format(Locale.ROOT, "%s %s closed %s %s #%d: %s %s (%s)%s", gain ? "💰" : "🔻",
                    bot.name(), side(closed.direction()), closed.pair(), closed.tradeId(),
                    signed(closed.profitAmount()), closed.stakeCurrency(), percent(closed.profitRatio()),
                    closed.exitReason() == null ? "" : ", " + closed.exitReason());
            outbox.route(alert(tradeEventId("trade.closed", closed.botId(), closed.tradeId(), closed.openDate()),
                    "trade.closed", Severity.INFO, now, bot, data, text), now);
        }));
    }

    /** A bot's trade ids start again at 1 with a fresh database, so the open date is part of the trade's name. */
    static String tradeEventId(String type, long botId, long tradeId, String openDate) {
        return UUID.nameUUIDFromBytes((type + "|" + botId + "|" + tradeId + "|" + openDate)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Freqtrade says {@code Long}/{@code Short}. */
    private static String side(String direction) {
        return direction == null ? null : direction.toLowerCase(Locale.ROOT);
    }

    private static String number(Double d) {
        return d == null ? "?" : BigDecimal.valueOf(d).round(new MathContext(8)).stripTrailingZeros().toPlainString();
    }

    private static String money(Double d) {
        return d == null ? "?" : String.format(Locale.ROOT, "%.2f", d);
    }

    private static String signed(Double d) {
        return d == null ? "?" : String.format(Locale.ROOT, "%+.2f", d);
    }

    private static String percent(Double ratio) {
        return ratio == null ? "?" : String.format(Locale.ROOT, "%+.2f %%", ratio * 100);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(RuntimeEvents.BotRestartScheduled restart) {
        outbox.write(now -> bot(restart.botId()).ifPresent(bot -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("crashes_in_window", restart.crashesInWindow());
            data.put("delay_ms", restart.delayMillis());
            data.put("exit_code", restart.exitCode());
            outbox.route(alert(Outbox.newId(), "bot.restart_scheduled", Severity.WARNING, now, bot, data,
                    "🟠 " + bot.name() + " exited" + (restart.exitCode() == null ? "" : " with code " + restart.exitCode())
                            + "; restart " + restart.crashesInWindow() + " in "
                            + duration(Math.max(1, restart.delayMillis() / 1000))), now);
        }));
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(JobEvents.Finished finished) {
        boolean completed = "completed".equals(finished.status());
        if (!completed && !"failed".equals(finished.status())) {
            return; // cancelled: the owner did it
        }
        outbox.write(now -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("job_id", finished.jobId());
            data.put("kind", finished.kind());
            data.put("status", finished.status());
            data.put("exit_code", finished.exitCode());
            data.put("reason", finished.reason());
            String what = finished.kind() + " job " + finished.jobId();
            String text = completed ? "✅ " + what + " finished"
                    : "❌ " + what + " failed" + (finished.reason() == null ? "" : ": " + finished.reason());
            outbox.route(new Alert(Outbox.newId(), completed ? "job.finished" : "job.failed",
                    completed ? Severity.INFO : Severity.WARNING, now, null,
                    Alert.Audience.of(Set.of(finished.ownerId())), data, text + link("/jobs/" + finished.jobId())),
                    now);
        });
    }

    /** Seen by admins and by the owners of the bots whose entries it stops; no amounts of other users' bots. */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(DrawdownGuardTripped tripped) {
        outbox.write(now -> {
            Set<Long> owners = new HashSet<>();
            for (long botId : tripped.botIds()) {
                bot(botId).ifPresent(b -> owners.add(b.ownerId()));
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("guard", tripped.guardName());
            data.put("scope_tag", tripped.scopeTag());
            data.put("dry_run", tripped.dryRun());
            data.put("stake_currency", tripped.stakeCurrency());
            data.put("drawdown_pct", tripped.drawdownPct());
            data.put("max_drawdown_pct", tripped.maxDrawdownPct());
            data.put("force_exit", tripped.forceExit());
            String text = String.format(Locale.ROOT, "🛑 Drawdown guard '%s' tripped: %s %s equity %.2f %% below its"
                    + " high (limit %.2f %%); trading is disabled%s", tripped.guardName(),
                    tripped.dryRun() ? "dry-run" : "live", tripped.stakeCurrency(), tripped.drawdownPct(),
                    tripped.maxDrawdownPct(), tripped.forceExit() ? " and open trades are exited" : "");
            outbox.route(new Alert(Outbox.newId(), "risk.drawdown_guard_tripped", Severity.CRITICAL, now, null,
                    Alert.Audience.of(owners), data, text + link("/")), now);
        });
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(TradingSwitch.Tripped tripped) {
        outbox.write(now -> outbox.route(new Alert(Outbox.newId(), "trading.disabled", Severity.CRITICAL, now, null,
                Alert.Audience.all(), Map.of("reason", tripped.reason()),
                "🛑 Trading is disabled for the whole fleet: " + tripped.reason() + link("/")), now));
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(TradingSwitch.Rearmed rearmed) {
        outbox.write(now -> outbox.route(new Alert(Outbox.newId(), "trading.rearmed", Severity.INFO, now, null,
                Alert.Audience.all(), Map.of(), "🟢 Trading is re-armed: bots may enter trades again" + link("/")),
                now));
    }

    /** Fleet-wide, for admins; the resolve goes to the channels that got the lag. */
    @EventListener
    synchronized void on(PollerLag lag) {
        if (lag.lagging()) {
            String id = Outbox.newId();
            pollerLagging = id;
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("lag_seconds", lag.lag().toSeconds());
            data.put("limit_seconds", lag.limit().toSeconds());
            data.put("poll_interval_seconds", lag.pollInterval().toSeconds());
            data.put("last_cycle_completed", lag.lastCycleCompleted() == null ? null
                    : lag.lastCycleCompleted().toString());
            outbox.write(now -> outbox.route(new Alert(id, "poller.lagging", Severity.WARNING, now, null,
                    Alert.Audience.admins(), data, "🟠 The fleet poller is lagging: no poll cycle completed for "
                            + duration(lag.lag().toSeconds()) + " (limit " + duration(lag.limit().toSeconds())
                            + "); bot states and alerts are stale" + link("/")), now));
            return;
        }
        String lagged = pollerLagging;
        pollerLagging = null;
        if (lagged == null) {
            return;
        }
        outbox.write(now -> {
            Set<Long> told = new HashSet<>(outbox.channelsThatGot(lagged));
            if (!told.isEmpty()) {
                outbox.route(new Alert(Outbox.newId(), "poller.recovered", Severity.INFO, now, null,
                        Alert.Audience.admins(), Map.of("lag_seconds", lag.lag().toSeconds()),
                        "🟢 The fleet poller caught up" + link("/")), now, told);
            }
        });
    }

    @EventListener(ApplicationReadyEvent.class)
    void started() {
        outbox.write(now -> outbox.route(new Alert(Outbox.newId(), "server.started", Severity.INFO, now, null,
                Alert.Audience.admins(), Map.of(), "ℹ️ FT Fleet server started" + link("/")), now));
    }

    private Alert alert(String id, String type, Severity severity, Instant now, Alert.BotRef bot,
            Map<String, Object> data, String text) {
        return new Alert(id, type, severity, now, bot, null, data, text + link("/bots/" + bot.id()));
    }

    private Optional<Alert.BotRef> bot(long botId) {
        return bots.find(botId).map(b -> new Alert.BotRef(b.id(), b.name(), b.ownerId(), b.tags()));
    }

    private String link(String path) {
        if (settings.publicBaseUrl() == null) {
            return "";
        }
        String base = settings.publicBaseUrl().toString();
        return "\n" + (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    static String duration(long seconds) {
        if (seconds < 90) {
            return seconds + " s";
        }
        if (seconds < 90 * 60) {
            return (seconds / 60) + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
    }
}
