package io.ftfleet.runtime;

import java.util.Optional;

import io.ftfleet.freqtrade.FreqtradeClient;

/**
 * Lifecycle commands for one kind of placement. {@link BotRuntimes} picks the implementation per bot, so callers
 * never branch on where a bot runs. Commands throw {@link BotRuntimes.WrongState} when they do not fit the bot's
 * state, {@link io.ftfleet.freqtrade.BotCallFailed} when the bot refuses or does not answer.
 */
public interface BotRuntime {

    /** Throws if a start could not work (e.g. the launch cannot be built); called before anything is stopped. */
    void checkStartable(long botId);

    void start(long botId);

    void stop(long botId);

    /** Stop and start; the caller has called {@link #checkStartable} first. */
    void restart(long botId);

    void pause(long botId);

    void resume(long botId);

    void reload(long botId);

    /** Stop entries at once (the emergency stop's first step). */
    void stopEntriesNow(long botId);

    /** Force-exit every open trade at once. */
    void forceExitNow(long botId);

    /** Whether commands such as pause can reach the bot now (a local bot: its process is alive). */
    boolean reachable(long botId);

    /** A client for the bot's own API; empty when it cannot be reached. */
    Optional<FreqtradeClient> client(long botId);

    /**
     * A client for the bot's own API given its placement, for callers that keep the placement (so the bot's row is
     * not read for every call); empty when it cannot be reached.
     */
    default Optional<FreqtradeClient> client(long botId, BotPlacement placement) {
        return client(botId);
    }
}
