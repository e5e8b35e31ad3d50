package io.ftfleet.bot;

import java.math.BigDecimal;
import java.util.List;

import io.ftfleet.runtime.RestartPolicy;

import tools.jackson.databind.JsonNode;

/** Request bodies of the bot routes (field names as the original's BotCreate/BotUpdate, plus FT Fleet's). */
final class BotRequests {

    private BotRequests() {
    }

    /**
     * @param stakeAmount a positive number or {@code "unlimited"}
     * @param config      user overrides deep-merged into the generated config (an object, or a JSON string holding
     *                    one, as the original web UI sends it)
     * @param exchangeKey write-only; stored encrypted, never returned
     * @param runtime     {@code local} (default: FT Fleet starts it) or {@code external} (an existing Freqtrade at
     *                    {@code external_url}, controlled with {@code external_username}/{@code external_password})
     */
    record Create(String name, String description, Long freqaiModelId, String strategyName, String exchange,
            String stakeCurrency, JsonNode stakeAmount, Integer maxOpenTrades, JsonNode config, String tradingMode,
            String marginMode, Boolean dryRun, BigDecimal dryRunWallet, String timeframe, List<String> pairWhitelist,
            List<String> pairBlacklist, List<String> tags, RestartPolicy restartPolicy, String exchangeKey,
            String exchangeSecret, String exchangePassword, String runtime, String externalUrl, String externalUsername,
            String externalPassword) {
    }

    /**
     * Every field optional; absent (or null) fields stay as they are. Read-only fields a client may echo back
     * ({@code id}, {@code status}, {@code pid}, {@code port}, ...) are ignored: state is measured, not set.
     * An empty string clears {@code description}, {@code exchange_key}, {@code exchange_secret} and
     * {@code exchange_password}; {@code freqai_model_id} 0 detaches the model.
     */
    record Update(String name, String description, Long freqaiModelId, String strategyName, Long strategyVersionId,
            String exchange, String stakeCurrency, JsonNode stakeAmount, Integer maxOpenTrades, JsonNode config,
            Boolean isActive, String tradingMode, String marginMode, Boolean dryRun, BigDecimal dryRunWallet,
            String timeframe, List<String> pairWhitelist, List<String> pairBlacklist, List<String> tags,
            RestartPolicy restartPolicy, String exchangeKey, String exchangeSecret, String exchangePassword,
            String externalUrl, String externalUsername, String externalPassword) {
    }
}
