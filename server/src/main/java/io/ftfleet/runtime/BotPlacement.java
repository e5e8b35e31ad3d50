package io.ftfleet.runtime;

import io.ftfleet.freqtrade.BotEndpoint;

/**
 * Where a bot runs, as the bot module stores it; the runtime picks the {@link BotRuntime} for it. A later runtime
 * (e.g. Kubernetes) is one more placement and one more implementation, without touching the bot module's commands.
 */
public sealed interface BotPlacement permits BotPlacement.Local, BotPlacement.External {

    /** Spawned and supervised on this host. */
    record Local() implements BotPlacement {
    }

    /** Runs elsewhere; reached (never spawned, never killed) through its API. */
    record External(BotEndpoint endpoint) implements BotPlacement {
    }
}
