package io.ftfleet.bot;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import io.ftfleet.bot.config.BotConfigInput;
import io.ftfleet.bot.config.BotRuntimeValues;
import io.ftfleet.bot.config.FreqtradeConfigGenerator;
import io.ftfleet.bot.config.MarginMode;
import io.ftfleet.bot.config.StakeAmount;
import io.ftfleet.bot.config.TradingMode;
import io.ftfleet.core.SecretBox;
import io.ftfleet.freqai.FreqaiCatalog;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A bot's Freqtrade config in its three renderings: as stored and validated, as shown (masked), as launched. */
@Component
class BotConfigs {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final FreqtradeConfigGenerator generator = new FreqtradeConfigGenerator();
    private final JsonMapper json;
    private final SecretBox secrets;
    private final ObjectProvider<FreqaiCatalog> models;

    BotConfigs(JsonMapper json, SecretBox secrets, ObjectProvider<FreqaiCatalog> models) {
        this.json = json;
        this.secrets = secrets;
        this.models = models;
    }

    Optional<FreqaiCatalog.ModelRef> model(Bot bot) {
        return bot.freqaiModelId == null ? Optional.empty()
                : models.stream().findFirst().flatMap(c -> c.find(bot.freqaiModelId));
    }

    /** Generated from the bot's fields and overrides, without secrets or runtime values. */
    ObjectNode generated(Bot bot, Optional<FreqaiCatalog.ModelRef> model) {
        ObjectNode config = generator.generate(input(bot, model));
        if (model.isPresent() && model.get().freqaiParams() != null) {
            // The parameters the model was trained with (Freqtrade refuses a model whose features differ); the
            // bot owner's overrides still have the last word.
            ObjectNode trained = json.createObjectNode();
            trained.set("freqai", json.readTree(model.get().freqaiParams()));
            config = FreqtradeConfigGenerator.deepMerge(FreqtradeConfigGenerator.deepMerge(config, trained),
                    json.readTree(bot.configOverrides));
            if (config.get("freqai") instanceof ObjectNode freqai) {
                freqai.put("identifier", model.get().identifier()); // where the model's files are: not negotiable
            }
        }
        return config;
    }

    /** What {@code GET /bots/{id}/config} shows: which credentials are set, never what they are. */
    JsonNode masked(Bot bot) {
        ObjectNode config = generated(bot, model(bot));
        ObjectNode exchange = config.has("exchange") && config.get("exchange").isObject()
                ? (ObjectNode) config.get("exchange") : config.putObject("exchange");
        exchange.put("key", bot.exchangeKeyEnc != null ? "***" : "");
        exchange.put("secret", bot.exchangeSecretEnc != null ? "***" : "");
        exchange.put("password", bot.exchangePasswordEnc != null ? "***" : "");
        return generator.masked(config);
    }

    /** The config a bot process receives, exchange credentials decrypted; the runtime adds api_server. */
    ObjectNode forLaunch(Bot bot) {
        return generator.withRuntimeValues(generated(bot, model(bot)), new BotRuntimeValues(null, null, null, null,
                null, null, secrets.decrypt(bot.exchangeKeyEnc), secrets.decrypt(bot.exchangeSecretEnc),
                secrets.decrypt(bot.exchangePasswordEnc), null));
    }

    /**
     * The bot's secrets as a subtree of its Freqtrade config (e.g. {@code {"exchange":{"key":..,"secret":..}}}),
     * decrypted; the bot deep-merges it over its config. The runtime never writes it into the bot's config file.
     */
    ObjectNode launchSecrets(Bot bot) {
        ObjectNode secretTree = json.createObjectNode();
        ObjectNode exchange = json.createObjectNode();
        putIfSet(exchange, "key", secrets.decrypt(bot.exchangeKeyEnc));
        putIfSet(exchange, "secret", secrets.decrypt(bot.exchangeSecretEnc));
        putIfSet(exchange, "password", secrets.decrypt(bot.exchangePasswordEnc));
        if (!exchange.isEmpty()) {
            secretTree.set("exchange", exchange);
        }
        return secretTree;
    }

    private static void putIfSet(ObjectNode node, String key, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(key, value);
        }
    }

    /** How to reach an external bot (URL and decrypted credentials); empty for bots FT Fleet runs itself. */
    Optional<io.ftfleet.freqtrade.BotEndpoint> externalEndpoint(Bot bot) {
        if (!"external".equals(bot.runtime)) {
            return Optional.empty();
        }
        return Optional.of(new io.ftfleet.freqtrade.BotEndpoint(java.net.URI.create(bot.externalUrl.replaceAll("/$", "")),
                bot.externalUsername, secrets.decrypt(bot.externalPasswordEnc)));
    }

    List<String> list(String text) {
        return text == null ? List.of() : json.readValue(text, STRINGS);
    }

    static StakeAmount stake(Bot bot) {
        return bot.stakeAmount == null || bot.stakeAmount.equals(StakeAmount.UNLIMITED) ? StakeAmount.unlimited()
                : StakeAmount.of(new BigDecimal(bot.stakeAmount));
    }

    private BotConfigInput input(Bot bot, Optional<FreqaiCatalog.ModelRef> model) {
        BotConfigInput.FreqaiSettings freqai = model.map(m -> {
            BotConfigInput.FreqaiSettings s = BotConfigInput.FreqaiSettings.of(m.modelClass(),
                    m.includeTimeframes().isEmpty() ? List.of(bot.timeframe) : m.includeTimeframes(),
                    m.includeCorrPairs());
            return new BotConfigInput.FreqaiSettings(m.identifier(), s.freqaiModel(), s.trainPeriodDays(),
                    s.backtestPeriodDays(), s.liveRetrainHours(), s.expirationHours(), s.includeTimeframes(),
                    s.includeCorrPairlist(), s.labelPeriodCandles(), s.includeShiftedCandles(),
                    s.indicatorPeriodsCandles(), s.diThreshold(), s.weightFactor(), s.testSize(), s.randomState(),
                    s.modelTrainingParameters());
        }).orElse(null);
        return BotConfigInput.builder().name(bot.name).exchange(bot.exchange)
                .tradingMode(TradingMode.fromValue(bot.tradingMode).orElse(TradingMode.SPOT))
                .marginMode(MarginMode.fromValue(bot.marginMode).orElse(MarginMode.NONE)).dryRun(bot.dryRun)
                .dryRunWallet(bot.dryRunWallet).timeframe(bot.timeframe).pairWhitelist(list(bot.pairWhitelist))
                .pairBlacklist(list(bot.pairBlacklist)).stakeCurrency(bot.stakeCurrency).stakeAmount(stake(bot))
                .maxOpenTrades(bot.maxOpenTrades).strategyClassName(bot.strategyName).freqai(freqai)
                .overrides((ObjectNode) json.readTree(bot.configOverrides)).build();
    }
}
