package io.ftfleet.runtime;

import java.util.Optional;

import io.ftfleet.freqtrade.FreqtradeClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** {@link BotRuntime} for bots spawned here: each command runs on the bot's reconciler queue in {@link LocalRuntime}. */
@Component
class LocalBotRuntime implements BotRuntime {

    private final LocalRuntime local;
    private final FreqtradeBotApi api;
    private final ObjectProvider<LaunchSpecs> specs;

    LocalBotRuntime(LocalRuntime local, FreqtradeBotApi api, ObjectProvider<LaunchSpecs> specs) {
        this.local = local;
        this.api = api;
        this.specs = specs;
    }

    /** The launch must build (strategy present and valid, config renderable); its own exception says why not. */
    private LaunchSpec spec(long botId) {
        return specs.getObject().specFor(botId)
                .orElseThrow(() -> new BotRuntimes.NotStartable("the bot's strategy does not exist"));
    }

    @Override
    public void checkStartable(long botId) {
        spec(botId);
    }

    @Override
    public void start(long botId) {
        local.start(spec(botId));
    }

    @Override
    public void stop(long botId) {
        local.stop(botId);
    }

    @Override
    public void restart(long botId) {
        local.restart(spec(botId));
    }

    @Override
    public void pause(long botId) {
        local.pause(botId);
    }

    @Override
    public void resume(long botId) {
        local.resume(botId);
    }

    @Override
    public void reload(long botId) {
        local.reload(botId);
    }

    @Override
    public boolean stopEntriesNow(long botId, BotPlacement placement, boolean readStateFirst) {
        local.stopEntriesNow(botId); // a local bot that is not running is refused there (WrongState)
        return true;
    }

    @Override
    public void forceExitNow(long botId, BotPlacement placement) {
        local.forceExitNow(botId);
    }

    /** The supervisor observes a local bot's process itself. */
    @Override
    public void reportNow(long botId, BotPlacement placement) {
    }

    @Override
    public boolean reachable(long botId) {
        return local.isAlive(botId);
    }

    @Override
    public Optional<FreqtradeClient> client(long botId) {
        return local.endpoint(botId).map(api::client);
    }
}
