package io.ftfleet.bot;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.ftfleet.runtime.DesiredState;
import io.ftfleet.runtime.ObservedState;
import io.ftfleet.runtime.RestartPolicy;

import tools.jackson.databind.JsonNode;

/**
 * A bot as the API shows it: every field of the original's BotResponse with its name and type, plus FT Fleet's.
 * {@code status} is the original's five-value status derived from {@code observed_state}; {@code config} is what
 * the bot will receive, with secrets masked. Exchange credentials are never returned: only whether each is set.
 * {@code config_secrets_set} lists the secret keys of the config overrides that are stored (dotted paths, e.g.
 * {@code telegram.token}); their values are write-only and shown as {@code ***} in {@code config}.
 * The trade counters are the bot's own figures as last polled (closed trades, winning trades, closed profit in the
 * stake currency, max drawdown ratio); zero while the bot has never been measured.
 */
record BotResponse(long id, String name, String description, Long freqaiModelId, String strategyName,
        Long strategyVersionId, String exchange, String tradingMode, String marginMode, boolean dryRun,
        BigDecimal dryRunWallet, String timeframe, List<String> pairWhitelist, List<String> pairBlacklist,
        String stakeCurrency, JsonNode stakeAmount, int maxOpenTrades, List<String> tags, JsonNode config,
        boolean isActive, String status, DesiredState desiredState, ObservedState observedState,
        Instant observedAt, String observedReason, RestartPolicy restartPolicy, Integer pid, Integer port,
        boolean restartRequired, long ownerId, boolean exchangeKeySet, boolean exchangeSecretSet,
        boolean exchangePasswordSet, Instant createdAt, Instant updatedAt, long version, int totalTrades,
        int profitableTrades, double totalProfit, double maxDrawdown, String runtime, String externalUrl,
        boolean externalPasswordSet, List<String> configSecretsSet) {
}
