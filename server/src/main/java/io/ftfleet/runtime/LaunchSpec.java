package io.ftfleet.runtime;

import tools.jackson.databind.node.ObjectNode;

/**
 * Everything needed to run one bot. {@code config} is the bot's Freqtrade config with exchange credentials but
 * without {@code api_server} runtime values, {@code db_url} or {@code initial_state}: the runtime adds those.
 *
 * @param restartPolicy {@code always}, {@code on-failure} or {@code never}
 */
public record LaunchSpec(long botId, String botName, ObjectNode config, String strategyClass, String strategySource,
        String restartPolicy) {

    @Override
    public String toString() {
        // The config holds exchange secrets: never print it.
        return "LaunchSpec[botId=" + botId + ", botName=" + botName + ", strategy=" + strategyClass + "]";
    }
}
