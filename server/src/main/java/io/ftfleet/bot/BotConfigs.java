package io.ftfleet.bot;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import io.ftfleet.bot.config.BotConfigInput;
import io.ftfleet.bot.config.BotRuntimeValues;
import io.ftfleet.bot.config.ConfigPolicy;
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

/**
 * A bot's Freqtrade config in its renderings: as stored and validated, as shown (masked), as launched (without any
 * secret), and the secrets a launch passes out-of-band. Secrets are the exchange credentials (own columns) and the
 * secret-only tree of the overrides ({@link ConfigPolicy}), both encrypted at rest.
 */
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
        return generated(bot, model, bot.configOverrides);
    }

    /** What the server generates from the bot's fields alone: server-owned keys sent back unchanged equal this. */
    ObjectNode baseline(Bot bot) {
        return generated(bot, model(bot), "{}");
    }

    /** The generated config with each stored secret in place as a type-shaped placeholder: for validation. */
    ObjectNode forValidation(Bot bot, Optional<FreqaiCatalog.ModelRef> model) {
        return FreqtradeConfigGenerator.deepMerge(generated(bot, model), ConfigPolicy.typeShaped(secrets(bot)));
    }

    private ObjectNode generated(Bot bot, Optional<FreqaiCatalog.ModelRef> model, String overrides) {
        ObjectNode config = generator.generate(input(bot, model, overrides));
        if (model.isPresent() && model.get().freqaiParams() != null) {
            // The parameters the model was trained with (Freqtrade refuses a model whose features differ); the
            // bot owner's overrides still have the last word.
            ObjectNode trained = json.createObjectNode();
            trained.set("freqai", json.readTree(model.get().freqaiParams()));
            config = FreqtradeConfigGenerator.deepMerge(FreqtradeConfigGenerator.deepMerge(config, trained),
                    json.readTree(overrides));
            if (config.get("freqai") instanceof ObjectNode freqai) {
                freqai.put("identifier", model.get().identifier()); // where the model's files are: not negotiable
            }
        }
        return config;
    }

    /** What {@code GET /bots/{id}/config} shows: which credentials are set, never what they are. */
    JsonNode masked(Bot bot) {
        ObjectNode config = FreqtradeConfigGenerator.deepMerge(generated(bot, model(bot)),
                ConfigPolicy.masked(secrets(bot)));
        ObjectNode exchange = config.has("exchange") && config.get("exchange").isObject()
                ? (ObjectNode) config.get("exchange") : config.putObject("exchange");
        exchange.put("key", bot.exchangeKeyEnc != null ? "***" : "");
        exchange.put("secret", bot.exchangeSecretEnc != null ? "***" : "");
        exchange.put("password", bot.exchangePasswordEnc != null ? "***" : "");
        return generator.masked(config);
    }

    /**
     * The config a bot process receives on disk: no secret at all (the runtime adds api_server, and passes
     * {@link #launchSecrets} out-of-band).
     */
    ObjectNode forLaunch(Bot bot) {
        return generator.withRuntimeValues(generated(bot, model(bot)), new BotRuntimeValues(null, null, null, null,
                null, null, null, null, null, null));
    }

    /**
     * Every secret of the bot's config, decrypted, as a secret-only subtree to deep-merge over {@link #forLaunch}
     * (exchange key/secret/password, ccxt credentials, telegram token, webhook URLs, ...). Never stored or logged.
     */
    ObjectNode launchSecrets(Bot bot) {
        ObjectNode out = secrets(bot).deepCopy();
        String key = secrets.decrypt(bot.exchangeKeyEnc);
        String secret = secrets.decrypt(bot.exchangeSecretEnc);
        String password = secrets.decrypt(bot.exchangePasswordEnc);
        if (key != null || secret != null || password != null) {
            ObjectNode exchange = out.get("exchange") instanceof ObjectNode e ? e : out.putObject("exchange");
            putIfSet(exchange, "key", key);
            putIfSet(exchange, "secret", secret);
            putIfSet(exchange, "password", password);
        }
        return out;
    }

    /** The stored secret-only tree of the overrides, decrypted (empty when none). */
    ObjectNode secrets(Bot bot) {
        if (bot.configSecretsEnc == null) {
            return json.createObjectNode();
        }
        return json.readTree(secrets.decrypt(bot.configSecretsEnc)) instanceof ObjectNode o ? o
                : json.createObjectNode();
    }

    /** Stores the secret-only tree encrypted (nothing when it is empty). */
    void storeSecrets(Bot bot, ObjectNode tree) {
        bot.configSecretsEnc = tree == null || tree.isEmpty() ? null : secrets.encrypt(json.writeValueAsString(tree));
    }

    /** Dotted paths of the stored config secrets (what {@code config_secrets_set} and the audit trail show). */
    List<String> secretPaths(Bot bot) {
        return ConfigPolicy.paths(secrets(bot));
    }

    private static void putIfSet(ObjectNode node, String key, String value) {
        if (value != null) {
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

    /** Where the bot runs, as the runtime module takes it. */
    io.ftfleet.runtime.BotPlacement placement(Bot bot) {
        return externalEndpoint(bot).<io.ftfleet.runtime.BotPlacement>map(io.ftfleet.runtime.BotPlacement.External::new)
                .orElseGet(io.ftfleet.runtime.BotPlacement.Local::new);
    }

    List<String> list(String text) {
        return text == null ? List.of() : json.readValue(text, STRINGS);
    }

    static StakeAmount stake(Bot bot) {
        return bot.stakeAmount == null || bot.stakeAmount.equals(StakeAmount.UNLIMITED) ? StakeAmount.unlimited()
                : StakeAmount.of(new BigDecimal(bot.stakeAmount));
    }

    private BotConfigInput input(Bot bot, Optional<FreqaiCatalog.ModelRef> model, String overrides) {
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
                .overrides((ObjectNode) json.readTree(overrides)).build();
    }
}
