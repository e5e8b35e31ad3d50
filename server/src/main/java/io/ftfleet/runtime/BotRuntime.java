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

    /**
     * Stop entries at once (the emergency stop's and the drawdown guard's first step): one call to the bot and
     * nothing else, no row read (the caller passes the placement it read) and no bookkeeping in between, so a
     * thousand bots are not queued behind database work. The bot's next observation (the stop that follows, the
     * poller) reports its state. A bot that is stopped (an external bot's own state) is left stopped and false
     * returned; {@code readStateFirst} asks it first rather than going by its last answer (see
     * {@link BotApi#stopEntriesUnlessStopped}).
     */
    boolean stopEntriesNow(long botId, BotPlacement placement, boolean readStateFirst);

    /** Force-exit every open trade at once; the same terms as {@link #stopEntriesNow}. */
    void forceExitNow(long botId, BotPlacement placement);

    /**
     * The bot's own answer to "what is your state?" becomes its observation now, for a caller that changed it with
     * {@link #stopEntriesNow} and nothing follows. A runtime that watches its bots itself (a local process) may do
     * nothing.
     */
    void reportNow(long botId, BotPlacement placement);

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
