package io.ftfleet.runtime;

import java.nio.file.Path;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * Everything needed to run one bot. {@code config} is the bot's Freqtrade config without {@code api_server}
 * runtime values, {@code db_url} or {@code initial_state} (the runtime adds those); {@code secrets} is the
 * secret-only subtree (e.g. {@code {"exchange":{"key":..,"secret":..}}}) that the bot deep-merges over it. The
 * runtime never writes {@code secrets} into the bot's {@code config.json}: they reach the process as
 * {@code FREQTRADE__SECTION__KEY} environment variables, or through an owner-only file that exists only until the
 * bot has read it. Any path of {@code secrets} still present in {@code config} is removed from it before writing.
 *
 * @param userDataFiles files copied into the bot's {@code user_data/} before each launch (path relative to it →
 *                      source file), e.g. a trained FreqAI model's {@code models/<identifier>/...}
 */
public record LaunchSpec(long botId, String botName, ObjectNode config, ObjectNode secrets, String strategyClass,
        String strategySource, Map<String, Path> userDataFiles) {

    public LaunchSpec {
        userDataFiles = userDataFiles == null ? Map.of() : Map.copyOf(userDataFiles);
        secrets = secrets == null ? config.objectNode() : secrets;
    }

    @Override
    public String toString() {
        // The secrets (and possibly the config) hold credentials: never print them.
        return "LaunchSpec[botId=" + botId + ", botName=" + botName + ", strategy=" + strategyClass + "]";
    }
}
