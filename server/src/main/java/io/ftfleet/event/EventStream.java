package io.ftfleet.event;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;

import io.ftfleet.auth.AccessTokenVerifier;
import io.ftfleet.bot.BotDirectory;
import io.ftfleet.fleet.BotSnapshot;
import io.ftfleet.fleet.FleetSnapshots;
import io.ftfleet.job.JobEvents;
import io.ftfleet.risk.DrawdownGuardTripped;
import io.ftfleet.risk.TradingSwitch;
import io.ftfleet.runtime.RuntimeEvents;
import io.ftfleet.user.CurrentUser;
import io.ftfleet.user.UserEvents;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

import tools.jackson.databind.json.JsonMapper;

/**
 * Turns domain events into stream events and hands each to every connected client that may see it and subscribed
 * to it. Publishing never blocks: each event is serialised once and offered to bounded per-client queues.
 */
@Component
class EventStream {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    private static final Duration OWNER_CACHE_TTL = Duration.ofSeconds(5);
    private static final Duration STUCK_SEND_LIMIT = Duration.ofSeconds(10);

    private record Owner(Long ownerId, Instant expiresAt) {
    }

    private final BotDirectory bots;
    private final FleetSnapshots snapshots;
    private final JsonMapper json;
    private final Clock clock;
    private final int queueCapacity;
    private final Map<String, StreamSession> sessions = new ConcurrentHashMap<>();
    private final Map<Long, Owner> owners = new ConcurrentHashMap<>();
    private final TradeDiff trades = new TradeDiff();
    private final AtomicLong slowConsumersDetected = new AtomicLong();
    private final ExecutorService sender;
    /** Null when {@code ftfleet.events.bot-websockets} is false: then every bot's trade events come from the diff. */
    private final BotTradeFeeds feeds;
    private final StreamAuthenticator authenticator;

    EventStream(BotDirectory bots, FleetSnapshots snapshots, JsonMapper json, Clock clock,
            StreamAuthenticator authenticator, ApplicationEventPublisher events,
            @Value("${ftfleet.events.queue-capacity:256}") int queueCapacity,
            @Value("${ftfleet.events.bot-websockets:true}") boolean botWebsockets) {
        this.bots = bots;
        this.authenticator = authenticator;
        this.snapshots = snapshots;
        this.json = json;
        this.clock = clock;
        this.queueCapacity = queueCapacity;
        AtomicInteger n = new AtomicInteger();
        this.sender = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ftfleet-stream-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.feeds = botWebsockets ? new BotTradeFeeds(bots, this::publish, events::publishEvent, clock, 4) : null;
    }

    StreamSession open(org.springframework.web.socket.WebSocketSession socket) {
        StreamSession session = new StreamSession(socket, queueCapacity, sender, this::lapsed);
        sessions.put(session.id(), session);
        return session;
    }

    /** Token expired or revoked, user deactivated or credentials changed: 4401. Role lowered: 4403. */
    static final int LAPSED = 4401;
    static final int FORBIDDEN = 4403;

    /** Null while the session's grant holds (memory only: revocation set, account cache). */
    CloseStatus lapsed(StreamSession session) {
        AccessTokenVerifier.Grant grant = session.grant();
        if (grant == null) {
            return null;
        }
        return authenticator.recheck(grant)
                .map(l -> new CloseStatus(l.forbidden() ? FORBIDDEN : LAPSED, l.reason()))
                .orElse(null);
    }

    /**
     * Every session's grant, re-checked between send batches too: a quiet session whose user was deactivated or
     * whose token was revoked or expired is closed within {@code ftfleet.events.session-recheck-interval}.
     */
    @Scheduled(fixedDelayString = "${ftfleet.events.session-recheck-interval:PT0.25S}")
    void recheckSessions() {
        for (StreamSession session : sessions.values()) {
            if (!session.open()) {
                continue;
            }
            CloseStatus status = lapsed(session);
            if (status != null) {
                log.info("Stream client {} ({}): {}, closing it with {}", session.id(), session.user().username(),
                        status.getReason(), status.getCode());
                session.forceClose(status);
            }
        }
    }

    /** A revoked API key: its sessions end. Which key a session used is not kept, so all of that user's key sessions. */
    @EventListener
    void on(UserEvents.ApiKeyRevoked revoked) {
        for (StreamSession session : sessions.values()) {
            AccessTokenVerifier.Grant grant = session.grant();
            if (grant != null && grant.tokenId() == null && grant.user().id() == revoked.userId()) {
                session.forceClose(new CloseStatus(LAPSED, "API key revoked"));
            }
        }
    }

    void closed(String sessionId) {
        sessions.remove(sessionId);
    }

    /** How many clients overflowed their queue (and so are, or are being, closed as slow consumers). */
    long slowConsumersDetected() {
        return slowConsumersDetected.get();
    }

    int connected() {
        return sessions.size();
    }

    String envelope(String type, Long botId, StreamPayload data) {
        return new StreamEvent(type, botId, null, clock.instant(), data).toJson(json);
    }

    /** Sends one event to every authenticated client allowed to see it and subscribed to it. */
    void publish(StreamEvent event) {
        String text = null;
        for (StreamSession session : sessions.values()) {
            CurrentUser user = session.user();
            if (user == null || !session.open() || !visible(user, event) || !session.subscription().matches(event)) {
                continue;
            }
            if (text == null) {
                text = event.toJson(json);
            }
            boolean wasOverflowed = session.overflowed();
            session.offer(text);
            if (!wasOverflowed && session.overflowed()) {
                slowConsumersDetected.incrementAndGet();
                log.info("Stream client {} ({}) is too slow: its queue overflowed, closing it", session.id(),
                        user.username());
            }
        }
    }

    static boolean visible(CurrentUser user, StreamEvent event) {
        return event.fleetWide() || user.isAdmin() || (event.ownerId() != null && event.ownerId() == user.id());
    }

    @EventListener
    void on(RuntimeEvents.BotObserved observed) {
        StreamPayload data = new StreamPayload.BotState(observed.state(), observed.pid(), observed.port(),
                observed.reason());
        publish(botEvent(StreamEvent.BOT_STATE, observed.botId(), data));
    }

    @EventListener
    void on(RuntimeEvents.BotRestartScheduled restart) {
        publish(botEvent(StreamEvent.BOT_RESTART_SCHEDULED, restart.botId(), new StreamPayload.RestartScheduled(
                restart.crashesInWindow(), restart.delayMillis(), restart.exitCode())));
    }

    @EventListener
    void on(TradingSwitch.Tripped tripped) {
        publish(new StreamEvent(StreamEvent.TRADING_DISABLED, null, null, clock.instant(),
                new StreamPayload.TradingDisabled(false, tripped.reason())));
    }

    @EventListener
    void on(TradingSwitch.Rearmed rearmed) {
        publish(new StreamEvent(StreamEvent.TRADING_REARMED, null, null, clock.instant(),
                new StreamPayload.TradingRearmed(true)));
    }

    @EventListener
    void on(JobEvents.Progress progress) {
        StreamPayload data = new StreamPayload.JobProgress(progress.jobId(), progress.kind(), progress.status(),
                progress.done(), progress.total(), progress.phase());
        publish(new StreamEvent(StreamEvent.JOB_PROGRESS, null, progress.ownerId(), clock.instant(), data));
    }

    @EventListener
    void on(JobEvents.Finished finished) {
        StreamPayload data = new StreamPayload.JobFinished(finished.jobId(), finished.kind(), finished.status(),
                finished.exitCode(), finished.reason());
        publish(new StreamEvent(StreamEvent.JOB_FINISHED, null, finished.ownerId(), clock.instant(), data));
    }

    /**
     * A drawdown guard fired: a fleet-wide event naming the guard and how far equity fell (no amounts or bots, which
     * may be other users'), and one event per affected bot, seen by its owner, that its entries are being stopped.
     */
    @EventListener
    void on(DrawdownGuardTripped tripped) {
        StreamPayload data = new StreamPayload.DrawdownGuard(tripped.guardName(), tripped.scopeTag(), tripped.dryRun(),
                tripped.stakeCurrency(), tripped.drawdownPct(), tripped.maxDrawdownPct());
        publish(new StreamEvent(StreamEvent.DRAWDOWN_GUARD_TRIPPED, null, null, clock.instant(), data));
        for (long botId : tripped.botIds()) {
            publish(botEvent(StreamEvent.BOT_ENTRIES_STOPPED, botId,
                    new StreamPayload.EntriesStopped(tripped.guardName(), tripped.forceExit())));
        }
    }

    /**
     * Keeps a message websocket open to every online bot (trade events from the bot itself, see
     * {@link BotTradeFeeds}); derives trade events from snapshot diffs (see {@link TradeDiff}) only for the bots
     * without one, so no bot's trades are reported twice. Also the watchdog for clients stuck in a write.
     */
    @Scheduled(fixedDelayString = "${ftfleet.events.trade-poll-interval:PT1S}")
    void tick() {
        try {
            List<BotSnapshot> all = snapshots.all();
            if (feeds != null) {
                feeds.reconcile(all);
            }
            if (!sessions.isEmpty()) {
                List<BotSnapshot> diffed = feeds == null ? all
                        : all.stream().filter(s -> !feeds.covers(s.botId())).toList();
                trades.next(diffed, clock.instant()).forEach(this::publish);
            }
        } catch (RuntimeException e) {
            log.warn("Could not derive trade events from fleet snapshots: {}", e.toString());
        }
        Instant now = Instant.now();
        for (StreamSession session : sessions.values()) {
            Instant since = session.overflowedAt();
            if (since != null && session.open() && since.plus(STUCK_SEND_LIMIT).isBefore(now)) {
                session.forceClose(StreamSession.SLOW_CONSUMER);
            }
        }
        Instant cutoff = clock.instant();
        owners.values().removeIf(o -> o.expiresAt().isBefore(cutoff));
    }

    private StreamEvent botEvent(String type, long botId, StreamPayload data) {
        return new StreamEvent(type, botId, ownerOf(botId), clock.instant(), data);
    }

    /** The bot's owner, cached briefly; null when the bot is unknown (then only admins see its events). */
    private Long ownerOf(long botId) {
        Instant now = clock.instant();
        Owner cached = owners.get(botId);
        if (cached != null && cached.expiresAt().isAfter(now)) {
            return cached.ownerId();
        }
        Long owner;
        try {
            owner = bots.find(botId).map(BotDirectory.BotSummary::ownerId).orElse(null);
        } catch (RuntimeException e) {
            log.warn("Could not look up the owner of bot {}: {}", botId, e.toString());
            return Optional.ofNullable(cached).map(Owner::ownerId).orElse(null);
        }
        owners.put(botId, new Owner(owner, now.plus(OWNER_CACHE_TTL)));
        return owner;
    }

    @PreDestroy
    void shutdown() {
        sessions.values().forEach(s -> s.forceClose(org.springframework.web.socket.CloseStatus.GOING_AWAY));
        sender.shutdownNow();
        if (feeds != null) {
            feeds.shutdown();
        }
    }

    /** Whether the bot's trade events come from its own websocket right now (else from snapshot diffs). */
    boolean tradeEventsFromWebsocket(long botId) {
        return feeds != null && feeds.covers(botId);
    }
}
