package io.ftfleet.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PreDestroy;

import io.ftfleet.core.ReadinessCheck;
import io.ftfleet.freqtrade.BotEndpoint;
import io.ftfleet.freqtrade.FreqtradeClient;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/** The runtime module's service: lifecycle commands for bots, their logs and how to reach their API. */
@Service
public class BotRuntimes implements ReadinessCheck {

    private static final Logger log = LoggerFactory.getLogger(BotRuntimes.class);

    private final LocalRuntime local;
    private final BotProcessStore store;
    private final ObjectProvider<LaunchSpecs> specs;
    private final RuntimeProperties properties;
    private final FreqtradeBotApi api;
    private final ExternalRuntime external;
    private final ExternalBots externalBots = new ExternalBots();
    private volatile boolean recovered;

    BotRuntimes(LocalRuntime local, BotProcessStore store, ObjectProvider<LaunchSpecs> specs,
            RuntimeProperties properties, FreqtradeBotApi api, ExternalRuntime external) {
        this.local = local;
        this.external = external;
        this.api = api;
        this.store = store;
        this.specs = specs;
        this.properties = properties;
    }

    /** Thrown when a command does not fit the bot's current state (e.g. pause a stopped bot). */
    public static class WrongState extends RuntimeException {
        WrongState(String message) {
            super(message, null, false, false);
        }
    }

    public void start(LaunchSpec spec) {
        try {
            local.start(spec);
        } catch (IllegalStateException e) {
            throw new WrongState("Bot is already running");
        }
    }

    public void stop(long botId) {
        local.stop(botId);
    }

    public void pause(long botId) {
        onRunning(() -> local.pause(botId));
    }

    public void forceExitAll(long botId) {
        onRunning(() -> local.forceExitAll(botId));
    }

    public void resume(long botId) {
        onRunning(() -> local.resume(botId));
    }

    public void reload(long botId) {
        onRunning(() -> local.reload(botId));
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
        return local.address(botId).filter(a -> local.isAlive(botId)).map(api::client);
    }

    public List<String> logTail(long botId, int lines) {
        return LogFiles.tail(local.logFile(botId), lines);
    }

    public Path logFile(long botId) {
        return local.logFile(botId);
    }

    /**
     * After a server (re)start: bots that were supervised and are still alive are adopted, not restarted; dead
     * ones get their restart policy.
     */
    @EventListener(ApplicationReadyEvent.class)
    void recover() {
        LaunchSpecs builder = specs.getIfAvailable();
        for (BotProcess row : store.supervisedLocal()) {
            Optional<LaunchSpec> spec = builder == null ? Optional.empty() : builder.specFor(row.botId);
            if (spec.isEmpty()) {
                store.markUnsupervised(row.botId);
                continue;
            }
            try {
                if (!local.adopt(row, spec.get())) {
                    local.recoverDead(row, spec.get());
                }
            } catch (RuntimeException e) {
                log.warn("Could not recover bot {}: {}", row.botId, e.toString());
            }
        }
        recovered = true;
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

    private static void onRunning(Runnable command) {
        try {
            command.run();
        } catch (IllegalStateException e) {
            throw new WrongState("Bot is not running");
        }
    }
}
