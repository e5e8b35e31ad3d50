package io.ftfleet.runtime;

import java.util.Optional;

/**
 * Builds a bot's {@link LaunchSpec} on demand. Implemented by the bot module (which owns configs, secrets and
 * strategy pins), so the supervisor can restart or re-adopt a bot without depending on it.
 */
public interface LaunchSpecs {

    Optional<LaunchSpec> specFor(long botId);
}
