package io.ftfleet.runtime;

import java.nio.file.Path;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * Everything needed to run one bot. {@code config} is the bot's Freqtrade config with exchange credentials but
 * without {@code api_server} runtime values, {@code db_url} or {@code initial_state}: the runtime adds those.
 *
 * @param restartPolicy {@code always}, {@code on-failure} or {@code never}
 * @param userDataFiles files copied into the bot's {@code user_data/} before each launch (path relative to it →
 *                      source file), e.g. a trained FreqAI model's {@code models/<identifier>/...}
 */
public record LaunchSpec(long botId, String botName, ObjectNode config, String strategyClass, String strategySource,
        String restartPolicy, Map<String, Path> userDataFiles) {

    public LaunchSpec {
        userDataFiles = userDataFiles == null ? Map.of() : Map.copyOf(userDataFiles);
    }

    public LaunchSpec(long botId, String botName, ObjectNode config, String strategyClass, String strategySource,
            String restartPolicy) {
        this(botId, botName, config, strategyClass, strategySource, restartPolicy, Map.of());
    }

    @Override
    public String toString() {
        // The config holds exchange secrets: never print it.
        return "LaunchSpec[botId=" + botId + ", botName=" + botName + ", strategy=" + strategyClass + "]";
    }
}
