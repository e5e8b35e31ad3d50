package io.ftfleet.bot;

import java.util.List;
import java.util.Optional;

import io.ftfleet.freqtrade.FreqtradeClient;
import io.ftfleet.runtime.BotRuntimes;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read access to the fleet for other modules (poller, analytics, event stream): what bots exist, who owns them, and
 * a client for each running bot's own API. System-level: callers apply their own user scoping with {@code ownerId}.
 */
@Service
public class BotDirectory {

    private final BotRepository bots;
    private final BotConfigs configs;
    private final BotRuntimes runtimes;

    BotDirectory(BotRepository bots, BotConfigs configs, BotRuntimes runtimes) {
        this.bots = bots;
        this.configs = configs;
        this.runtimes = runtimes;
    }

    /** One bot as other modules see it. {@code observedState} is one of {@link BotStates.Observed}'s values. */
    public record BotSummary(long id, String name, long ownerId, String exchange, String stakeCurrency, boolean dryRun,
            String runtime, String observedState, List<String> tags) {
    }

    @Transactional(readOnly = true)
    public List<BotSummary> all() {
        return bots.findAll().stream().map(this::summary).toList();
    }

    @Transactional(readOnly = true)
    public Optional<BotSummary> find(long botId) {
        return bots.findById(botId).map(this::summary);
    }

    /** A client for the bot's own API when it is running here, or when it is an external bot; else empty. */
    @Transactional(readOnly = true)
    public Optional<FreqtradeClient> client(long botId) {
        return bots.findById(botId).flatMap(bot -> configs.externalEndpoint(bot)
                .map(endpoint -> runtimes.external().client(endpoint))
                .or(() -> runtimes.client(botId)));
    }

    /**
     * The bot's generated Freqtrade config without any secret or runtime value (no exchange credentials, no API
     * credentials): what a backtest of "this bot's setup" starts from.
     */
    @Transactional(readOnly = true)
    public Optional<tools.jackson.databind.node.ObjectNode> configWithoutSecrets(long botId) {
        return bots.findById(botId).map(bot -> configs.generated(bot, configs.model(bot)));
    }

    private BotSummary summary(Bot bot) {
        return new BotSummary(bot.id, bot.name, bot.ownerId, bot.exchange, bot.stakeCurrency, bot.dryRun, bot.runtime,
                bot.observedState.value(), configs.list(bot.tags));
    }
}
