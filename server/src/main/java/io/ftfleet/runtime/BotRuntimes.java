package io.ftfleet.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PreDestroy;

import io.ftfleet.core.ReadinessCheck;
import io.ftfleet.freqtrade.BotEndpoint;
import io.ftfleet.freqtrade.FreqtradeClient;

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
    private final RuntimeProperties properties;
    private final ExternalRuntime external;
    private final ExternalBots externalBots = new ExternalBots();
    private volatile boolean recovered;

    BotRuntimes(LocalRuntime local, RuntimeProperties properties, ExternalRuntime external) {
        this.local = local;
        this.external = external;
        this.properties = properties;
    }

    /** Thrown when a command does not fit the bot's current state (e.g. pause a stopped bot). */
    public static class WrongState extends RuntimeException {
        WrongState(String message) {
            super(message, null, false, false);
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

    public void start(LaunchSpec spec) {
        requireRecovered();
        local.start(spec);
    }

    /** Stop and relaunch as one step (the caller has checked that the bot can start). */
    public void restart(LaunchSpec spec) {
        requireRecovered();
        local.restart(spec);
    }

    public void stop(long botId) {
        requireRecovered();
        local.stop(botId);
    }

    public void pause(long botId) {
        requireRecovered();
        local.pause(botId);
    }

    public void forceExitAll(long botId) {
        requireRecovered();
        local.forceExitAll(botId);
    }

    public void resume(long botId) {
        requireRecovered();
        local.resume(botId);
    }

    public void reload(long botId) {
        requireRecovered();
        local.reload(botId);
    }

    /** The emergency stop's first step: stopentry at once, without queueing behind the bot's other work. */
    public void stopEntriesNow(long botId) {
        requireRecovered();
        local.stopEntriesNow(botId);
    }

    /** The emergency stop's force-exit, at once. */
    public void forceExitNow(long botId) {
        requireRecovered();
        local.forceExitNow(botId);
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

    /** Commands for a bot FT Fleet did not start, through its own API. */
    public ExternalBots external() {
        return externalBots;
    }

    /** Lifecycle of external bots: the caller passes the bot's URL and credentials with each command. */
    public final class ExternalBots {
        public void start(long botId, BotEndpoint endpoint) {
            external.start(botId, endpoint);
        }

        public void stop(long botId, BotEndpoint endpoint) {
            external.stop(botId, endpoint);
        }

        public void pause(long botId, BotEndpoint endpoint) {
            external.pause(botId, endpoint);
        }

        public void resume(long botId, BotEndpoint endpoint) {
            external.resume(botId, endpoint);
        }

        public void reload(long botId, BotEndpoint endpoint) {
            external.reload(botId, endpoint);
        }

        public FreqtradeClient client(BotEndpoint endpoint) {
            return external.client(endpoint);
        }
    }

    /** A client for a running bot's own API (for read-through routes); empty when the bot is not running. */
    public Optional<FreqtradeClient> client(long botId) {
        return local.endpoint(botId).map(external::client);
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
