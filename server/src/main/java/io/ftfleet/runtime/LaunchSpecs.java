package io.ftfleet.runtime;

import java.util.Optional;

/**
 * Implemented by the bot module (which owns configs, secrets, strategy pins and the desired state), so the
 * supervisor can read what a bot should be doing and build its launch without depending on that module.
 */
public interface LaunchSpecs {

    /** Everything needed to launch the bot; empty when it cannot be built (no such bot, strategy missing). */
    Optional<LaunchSpec> specFor(long botId);

    /** The bot's stored intent; empty when the bot is deleted or not supervised here (external). */
    Optional<BotIntent> intentFor(long botId);

    /** Where the bot runs; empty when there is no such bot. */
    Optional<BotPlacement> placementFor(long botId);
}
