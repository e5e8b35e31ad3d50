package io.ftfleet.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PreDestroy;

import io.ftfleet.core.ReadinessCheck;
import io.ftfleet.freqtrade.FreqtradeClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The runtime module's service: lifecycle commands for bots, their logs and how to reach their API. Commands for
 * local bots run on the bot's own reconciler queue (see {@link LocalRuntime}); until the first reconcile pass
 * after a server start has run, they are refused with {@link Recovering}.
 */
@Service
public class BotRuntimes implements ReadinessCheck {

    /** How long a caller refused with {@link Recovering} should wait before trying again. */
    public static final Duration RETRY_AFTER_RECOVERY = Duration.ofSeconds(5);

    private final LocalRuntime local;
    private final LocalBotRuntime localRuntime;
    private final RuntimeProperties properties;
    private final ExternalRuntime external;
    private final ObjectProvider<LaunchSpecs> specs;
    private volatile boolean recovered;

    BotRuntimes(LocalRuntime local, LocalBotRuntime localRuntime, RuntimeProperties properties,
            ExternalRuntime external, ObjectProvider<LaunchSpecs> specs) {
        this.local = local;
        this.localRuntime = localRuntime;
        this.external = external;
        this.properties = properties;
        this.specs = specs;
    }

    /** Thrown when a command does not fit the bot's current state (e.g. pause a stopped bot). */
    public static class WrongState extends RuntimeException {
        WrongState(String message) {
            super(message, null, false, false);
        }
    }

    /** An external bot's address is refused now (checked at every connection); the message says why. */
    public static class AddressRefused extends WrongState {
        AddressRefused(String message) {
            super(message);
        }
    }

    /** Thrown for lifecycle commands before the first reconcile pass after a server start has run. */
    public static class Recovering extends RuntimeException {
        Recovering() {
            super("The server is still recovering its bots after a start", null, false, false);
        }
    }

    /** Refuses while recovery has not run: a command now could launch a duplicate or be undone by adoption. */
    public void requireRecovered() {
        if (!recovered) {
            throw new Recovering();
        }
    }

    public boolean recovered() {
        return recovered;
    }

    /** Thrown when a start could not work (e.g. its strategy is missing); nothing was stopped. */
    public static class NotStartable extends RuntimeException {
        NotStartable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The runtime for this bot's placement (local process or external API); unknown bots are local (their
     * commands then find nothing to act on).
     */
    BotRuntime runtimeFor(long botId) {
        return runtimeFor(placementFor(botId));
    }

    private BotPlacement placementFor(long botId) {
        LaunchSpecs source = specs.getIfAvailable();
        Optional<BotPlacement> placement = source == null ? Optional.empty() : source.placementFor(botId);
        return placement.orElse(new BotPlacement.Local());
    }

    private BotRuntime runtimeFor(BotPlacement placement) {
        return placement instanceof BotPlacement.External ? external : localRuntime;
    }

    /** Throws (the bot module's own exception, or {@link NotStartable}) if the bot could not start now. */
    public void checkStartable(long botId) {
        runtimeFor(botId).checkStartable(botId);
    }

    public void start(long botId) {
        requireRecovered();
        runtimeFor(botId).start(botId);
    }

    /** Stop and start as one step; call {@link #checkStartable} first, so nothing is stopped that cannot start. */
    public void restart(long botId) {
        requireRecovered();
        runtimeFor(botId).restart(botId);
    }

    public void stop(long botId) {
        requireRecovered();
        runtimeFor(botId).stop(botId);
    }

    public void pause(long botId) {
        requireRecovered();
        runtimeFor(botId).pause(botId);
    }

    public void resume(long botId) {
        requireRecovered();
        runtimeFor(botId).resume(botId);
    }

    public void reload(long botId) {
        requireRecovered();
        runtimeFor(botId).reload(botId);
    }

    /**
     * The emergency stop's first step: stopentry at once, without queueing behind the bot's other work. The caller
     * passes the placement it already holds: no row is read per bot (see {@link BotRuntime#stopEntriesNow}).
     */
    public boolean stopEntriesNow(long botId, BotPlacement placement, boolean readStateFirst) {
        requireRecovered();
        return runtimeFor(placement).stopEntriesNow(botId, placement, readStateFirst);
    }

    /** The emergency stop's force-exit, at once; the same terms as {@link #stopEntriesNow}. */
    public void forceExitNow(long botId, BotPlacement placement) {
        requireRecovered();
        runtimeFor(placement).forceExitNow(botId, placement);
    }

    /** Whether commands can reach the bot now (a local bot: alive; an external one: always worth a try). */
    public boolean reachable(long botId) {
        return runtimeFor(botId).reachable(botId);
    }

    /** After {@link #stopEntriesNow} with nothing to follow: the bot's own state becomes its observation now. */
    public void reportNow(long botId, BotPlacement placement) {
        runtimeFor(placement).reportNow(botId, placement);
    }

    /** The same, for a caller that holds the bot's placement. */
    public boolean reachable(long botId, BotPlacement placement) {
        return runtimeFor(placement).reachable(botId);
    }

    /**
     * The bot's stored intent changed (deleted, policy edited, desired state written): its reconciler looks again
     * at once. Call it after the change is committed.
     */
    public void reconcile(long botId) {
        local.reconcile(botId);
    }

    /** A deleted bot leaves no secret-bearing file behind (its reconciler stops any process of it). */
    public void forget(long botId) {
        local.reconcile(botId);
        local.removeLeftovers(botId);
    }

    public boolean isAlive(long botId) {
        return local.isAlive(botId);
    }

    /** A client for the bot's own API (for read-through routes); empty when it cannot be reached. */
    public Optional<FreqtradeClient> client(long botId) {
        return runtimeFor(botId).client(botId);
    }

    /**
     * A client for a read-through route, or why there is none: {@link AddressRefused} when an external bot's address
     * is refused now, {@link WrongState} when a local bot is not running.
     */
    public FreqtradeClient requireClient(long botId) {
        if (placementFor(botId) instanceof BotPlacement.External e) {
            return external.client(e.endpoint());
        }
        return localRuntime.client(botId).orElseThrow(() -> new WrongState("Bot is not running"));
    }

    /** The same, for a caller that keeps the bot's placement (the poller's route cache): no row read per call. */
    public Optional<FreqtradeClient> client(long botId, BotPlacement placement) {
        return runtimeFor(placement).client(botId, placement);
    }

    public List<String> logTail(long botId, int lines) {
        return LogFiles.tail(local.logFile(botId), lines);
    }

    public Path logFile(long botId) {
        return local.logFile(botId);
    }

    /**
     * After a server (re)start, the reconciler's first pass over every recorded bot process: live ones are adopted,
     * not restarted; dead supervised ones get their restart policy; strays are stopped. Never throws (one bad row
     * does not stop the server); lifecycle commands are refused until it has run.
     */
    @EventListener(ApplicationReadyEvent.class)
    @org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
    void recover() {
        try {
            local.recover();
        } finally {
            recovered = true;
        }
    }

    @PreDestroy
    void shutdown() {
        local.shutdown();
    }

    @Override
    public String name() {
        return "runtime";
    }

    @Override
    public Result check() {
        return recovered ? Result.up("local runtime, command '" + properties.local().freqtradeCommand() + "'")
                : Result.down("recovering bots after start");
    }
}
