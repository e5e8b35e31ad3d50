package io.ftfleet.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.ftfleet.freqtrade.BotCallFailed;
import io.ftfleet.freqtrade.BotEndpoint;
import io.ftfleet.freqtrade.FreqtradeClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Bots that run elsewhere (people's existing Freqtrade instances): controlled only through their API. Never
 * spawned, never killed; "stopped" means the bot's own state is stopped while its process keeps serving the API.
 */
@Component
class ExternalRuntime implements BotRuntime {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ExternalRuntime.class);

    private final FreqtradeBotApi api;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<LaunchSpecs> specs;
    private final ObjectProvider<ExternalAddressPolicy> addresses;

    ExternalRuntime(FreqtradeBotApi api, ApplicationEventPublisher events, ObjectProvider<LaunchSpecs> specs,
            ObjectProvider<ExternalAddressPolicy> addresses) {
        this.api = api;
        this.events = events;
        this.specs = specs;
        this.addresses = addresses;
    }

    private BotEndpoint endpoint(long botId) {
        return endpoint(specs.getObject().placementFor(botId).orElse(new BotPlacement.Local()));
    }

    private static BotEndpoint endpoint(BotPlacement placement) {
        if (placement instanceof BotPlacement.External external) {
            return external.endpoint();
        }
        throw new BotRuntimes.WrongState("Bot is not an external bot");
    }

    @Override
    public void checkStartable(long botId) {
        endpoint(botId);
    }

    @Override
    public void start(long botId) {
        start(botId, endpoint(botId));
    }

    @Override
    public void stop(long botId) {
        stop(botId, endpoint(botId));
    }

    @Override
    public void restart(long botId) {
        BotEndpoint endpoint = endpoint(botId);
        stop(botId, endpoint);
        start(botId, endpoint);
    }

    @Override
    public void pause(long botId) {
        pause(botId, endpoint(botId));
    }

    @Override
    public void resume(long botId) {
        resume(botId, endpoint(botId));
    }

    @Override
    public void reload(long botId) {
        reload(botId, endpoint(botId));
    }

    @Override
    public boolean stopEntriesNow(long botId, BotPlacement placement, boolean readStateFirst) {
        return api.stopEntriesUnlessStopped(endpoint(placement), readStateFirst);
    }

    @Override
    public void forceExitNow(long botId, BotPlacement placement) {
        client(endpoint(placement)).forceExit("all");
    }

    /** Measured: a 2025.4 bot says "paused" after stopentry, an older one "running" with max_open_trades 0. */
    @Override
    public void reportNow(long botId, BotPlacement placement) {
        BotEndpoint endpoint = endpoint(placement);
        publish(botId, api.status(endpoint).map(st -> st.entriesStopped() ? "paused" : st.state()), endpoint,
                "entries stopped through its API");
    }

    /** An external bot is always worth a try: its own answer says whether the command fits. */
    @Override
    public boolean reachable(long botId) {
        return true;
    }

    @Override
    public Optional<FreqtradeClient> client(long botId) {
        return client(botId, specs.getObject().placementFor(botId).orElse(new BotPlacement.Local()));
    }

    /** Empty when the placement is not external or its address is refused now (a poller then skips the bot). */
    @Override
    public Optional<FreqtradeClient> client(long botId, BotPlacement placement) {
        if (!(placement instanceof BotPlacement.External external)) {
            return Optional.empty();
        }
        try {
            return Optional.of(client(external.endpoint()));
        } catch (BotRuntimes.AddressRefused refused) {
            log.warn("Not connecting to external bot {}: {}", botId, refused.getMessage());
            return Optional.empty();
        }
    }

    /** The client, once the address is checked again: the host may resolve elsewhere than when it was stored. */
    FreqtradeClient client(BotEndpoint endpoint) {
        ExternalAddressPolicy policy = addresses.getIfAvailable();
        Optional<String> refusal = policy == null ? Optional.empty() : policy.refusal(endpoint.baseUrl());
        if (refusal.isPresent()) {
            throw new BotRuntimes.AddressRefused("The bot's external_url " + refusal.get()
                    + " (checked again before connecting: its host resolves elsewhere now)");
        }
        return api.client(endpoint);
    }

    void start(long botId, BotEndpoint endpoint) {
        run(botId, endpoint, FreqtradeClient::start, "running", "started through its API");
    }

    void stop(long botId, BotEndpoint endpoint) {
        run(botId, endpoint, FreqtradeClient::stop, "stopped", "stopped through its API");
    }

    /**
     * {@code /pause} on a 2025.4+ bot, {@code /stopentry} on an older one, as its own answers say; nothing on a bot
     * that says it is stopped (a pause would start a 2025.4+ one).
     */
    void pause(long botId, BotEndpoint endpoint) {
        if (!api.stopEntriesUnlessStopped(endpoint, true)) {
            publish(botId, Optional.of("stopped"), endpoint, "left stopped: the bot is stopped (a pause would start it)");
            return;
        }
        reportNow(botId, new BotPlacement.External(endpoint));
    }

    /**
     * A bot that says {@code paused} (2025.4+) takes {@code /start}; older ones keep {@code running} after
     * {@code /stopentry} and only {@code /reload_config} undoes it (contract: "Run /reload_config to reset").
     */
    void resume(long botId, BotEndpoint endpoint) {
        FreqtradeClient client = client(endpoint);
        if ("running".equals(client.showConfig().state())) {
            client.reloadConfig();
            awaitState(botId, endpoint, "entries resumed through its API (config reloaded)");
        } else {
            client.start();
            publish(botId, api.status(endpoint).map(BotApi.Status::state), endpoint, "entries resumed through its API");
        }
    }

    void reload(long botId, BotEndpoint endpoint) {
        client(endpoint).reloadConfig();
        awaitState(botId, endpoint, "config reloaded");
    }

    /** After a reload the bot rebuilds itself; its API is down for a moment and comes back in its initial state. */
    private void awaitState(long botId, BotEndpoint endpoint, String reason) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Optional<String> state = Optional.empty();
        // "reload_config" is Freqtrade's transient state while it rebuilds the bot (contract 1.7).
        while (Instant.now().isBefore(deadline) && (state.isEmpty() || state.get().equals("reload_config"))) {
            sleep();
            state = api.status(endpoint).map(BotApi.Status::state);
        }
        publish(botId, state, endpoint, reason);
    }

    /** The command, then the bot's own answer to "what is your state?" becomes the observation. */
    private void run(long botId, BotEndpoint endpoint, java.util.function.Function<FreqtradeClient, String> command,
            String expected, String reason) {
        FreqtradeClient client = client(endpoint);
        command.apply(client);
        String state;
        try {
            state = client.showConfig().state();
        } catch (BotCallFailed e) {
            publish(botId, Optional.empty(), endpoint, reason + "; the bot did not answer afterwards");
            return;
        }
        publish(botId, Optional.ofNullable(state), endpoint,
                expected.equals(state) ? reason : reason + "; the bot reports " + state);
    }

    /**
     * The bot's own state ({@code show_config.state}; empty when it did not answer) as the observation. A state
     * this server does not know (webserver mode's {@code ""}, a later release's) is not one it can control the bot
     * in: unreachable, with the state in the reason.
     */
    private void publish(long botId, Optional<String> reported, BotEndpoint endpoint, String reason) {
        Optional<ObservedState> known = reported.flatMap(ObservedState::ofFreqtrade);
        String why = reported.isPresent() && known.isEmpty()
                ? reason + "; the bot reports state '" + reported.get() + "', which this server does not know"
                : reason;
        events.publishEvent(new RuntimeEvents.BotObserved(botId, known.orElse(ObservedState.UNREACHABLE), null,
                endpoint.baseUrl().getPort(), why, List.of()));
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
