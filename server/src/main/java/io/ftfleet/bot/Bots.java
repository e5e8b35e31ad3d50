package io.ftfleet.bot;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.persistence.EntityManager;

import io.ftfleet.bot.config.ConfigPolicy;
import io.ftfleet.bot.config.ConfigViolation;
import io.ftfleet.bot.config.FreqtradeConfigGenerator;
import io.ftfleet.bot.config.FreqtradeConfigValidator;
import io.ftfleet.bot.config.MarginMode;
import io.ftfleet.bot.config.StakeAmount;
import io.ftfleet.bot.config.TradingMode;
import io.ftfleet.core.ApiException;
import io.ftfleet.core.FieldViolation;
import io.ftfleet.core.SecretBox;
import io.ftfleet.freqai.FreqaiAttachments;
import io.ftfleet.freqai.FreqaiCatalog;
import io.ftfleet.runtime.ObservedState;
import io.ftfleet.runtime.RestartPolicy;
import io.ftfleet.strategy.StrategyCatalog;
import io.ftfleet.strategy.StrategyPins;
import io.ftfleet.user.CurrentUser;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bot registry. Every change is validated as a whole — field rules first, then the generated Freqtrade config
 * as Freqtrade would check it at start — and refused with one 422 naming every bad field or config key, before
 * anything is stored.
 */
@Service
public class Bots implements StrategyPins, FreqaiAttachments {

    private static final Pattern STRATEGY_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z0-9]{1,16}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final BotRepository bots;
    private final EntityManager entityManager;
    private final JsonMapper json;
    private final SecretBox secrets;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ObjectProvider<StrategyCatalog> strategies;
    private final BotConfigs configs;
    private final ObjectProvider<BotStatistics> statistics;
    private final io.ftfleet.runtime.BotRuntimes runtimes;
    private final BotDirectory directory;
    private final FreqtradeConfigValidator validator = new FreqtradeConfigValidator();
    private final BotProperties properties;
    private final LiveGate liveGate;

    Bots(BotRepository bots, EntityManager entityManager, JsonMapper json, SecretBox secrets,
            ApplicationEventPublisher events, Clock clock, ObjectProvider<StrategyCatalog> strategies,
            BotConfigs configs, io.ftfleet.runtime.BotRuntimes runtimes, ObjectProvider<BotStatistics> statistics,
            BotDirectory directory, BotProperties properties, LiveGate liveGate) {
        this.properties = properties;
        this.liveGate = liveGate;
        this.directory = directory;
        this.statistics = statistics;
        this.configs = configs;
        this.runtimes = runtimes;
        this.bots = bots;
        this.entityManager = entityManager;
        this.json = json;
        this.secrets = secrets;
        this.events = events;
        this.clock = clock;
        this.strategies = strategies;
    }

    @Transactional(readOnly = true)
    List<BotResponse> list(CurrentUser user, int skip, int limit) {
        String where = user.isAdmin() ? "" : " where b.ownerId = :owner";
        var query = entityManager.createQuery("select b from Bot b" + where + " order by b.id", Bot.class)
                .setFirstResult(skip).setMaxResults(limit);
        if (!user.isAdmin()) {
            query.setParameter("owner", user.id());
        }
        return query.getResultList().stream().map(this::response).toList();
    }

    @Transactional(readOnly = true)
    BotResponse get(long id, CurrentUser user) {
        return response(load(id, user));
    }

    @Transactional
    BotResponse create(BotRequests.Create request, CurrentUser user) {
        List<FieldViolation> errors = new ArrayList<>();
        require(request.name(), "name", errors);
        require(request.strategyName(), "strategy_name", errors);
        require(request.exchange(), "exchange", errors);
        require(request.stakeCurrency(), "stake_currency", errors);
        if (request.stakeAmount() == null || request.stakeAmount().isNull()) {
            errors.add(new FieldViolation("stake_amount", "is required"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("Invalid bot", errors);
        }
        Bot bot = new Bot(request.name(), user.id(), clock.instant());
        bot.description = request.description();
        bot.strategyName = request.strategyName();
        bot.exchange = request.exchange();
        bot.stakeCurrency = request.stakeCurrency();
        bot.maxOpenTrades = request.maxOpenTrades() == null ? FreqtradeConfigGenerator.DEFAULT_MAX_OPEN_TRADES
                : request.maxOpenTrades();
        bot.tradingMode = request.tradingMode() == null ? TradingMode.SPOT.value() : request.tradingMode();
        bot.marginMode = request.marginMode() == null ? "" : request.marginMode();
        bot.dryRun = request.dryRun() == null || request.dryRun();
        bot.dryRunWallet = request.dryRunWallet() == null ? FreqtradeConfigGenerator.DEFAULT_DRY_RUN_WALLET
                : request.dryRunWallet();
        bot.timeframe = request.timeframe() == null ? FreqtradeConfigGenerator.DEFAULT_TIMEFRAME : request.timeframe();
        bot.pairWhitelist = write(request.pairWhitelist() != null ? request.pairWhitelist()
                : List.of("BTC/" + request.stakeCurrency(), "ETH/" + request.stakeCurrency()));
        bot.pairBlacklist = write(request.pairBlacklist() == null ? List.of() : request.pairBlacklist());
        bot.tags = write(request.tags() == null ? List.of() : request.tags());
        bot.restartPolicy = (request.restartPolicy() == null ? RestartPolicy.ON_FAILURE : request.restartPolicy()).value();
        bot.freqaiModelId = zeroAsNull(request.freqaiModelId());
        bot.configOverrides = "{}";
        ObjectNode overrides = overrides(request.config(), errors);
        applyStake(bot, request.stakeAmount(), errors);
        bot.exchangeKeyEnc = seal(request.exchangeKey());
        bot.exchangeSecretEnc = seal(request.exchangeSecret());
        bot.exchangePasswordEnc = seal(request.exchangePassword());
        bot.runtime = request.runtime() == null ? "local" : request.runtime();
        bot.externalUrl = request.externalUrl();
        bot.externalUsername = request.externalUsername();
        bot.externalPasswordEnc = seal(request.externalPassword());
        if (overrides != null) {
            absorbConfig(bot, overrides, errors);
        }
        bot.strategyVersionId = strategies.stream().findFirst().flatMap(c -> c.currentVersionId(bot.strategyName))
                .orElse(null);
        validate(bot, user, errors);
        if (bots.existsByName(bot.name)) {
            throw ApiException.conflict("bot_name_taken", "A bot named '" + bot.name + "' already exists");
        }
        bots.saveAndFlush(bot);
        events.publishEvent(new BotEvents.BotCreated(bot.id, bot.name, snapshot(bot)));
        return response(bot);
    }

    @Transactional
    BotResponse update(long id, BotRequests.Update request, CurrentUser user) {
        Bot bot = load(id, user);
        Map<String, Object> before = snapshot(bot);
        LiveBefore live = LiveBefore.of(bot);
        List<FieldViolation> errors = new ArrayList<>();
        // The config first: fields sent explicitly win over the same keys inside it.
        if (request.config() != null && !request.config().isNull()) {
            ObjectNode overrides = overrides(request.config(), errors);
            if (overrides != null) {
                bot.configOverrides = "{}";
                absorbConfig(bot, overrides, errors);
            }
        }
        if (request.name() != null && !request.name().equals(bot.name)) {
            if (bots.existsByName(request.name())) {
                throw ApiException.conflict("bot_name_taken", "A bot named '" + request.name() + "' already exists");
            }
            bot.name = request.name();
        }
        if (request.description() != null) {
            bot.description = request.description().isEmpty() ? null : request.description();
        }
        if (request.freqaiModelId() != null) {
            bot.freqaiModelId = zeroAsNull(request.freqaiModelId());
        }
        if (request.strategyName() != null && !request.strategyName().equals(bot.strategyName)) {
            bot.strategyName = request.strategyName();
            bot.strategyVersionId = strategies.stream().findFirst()
                    .flatMap(c -> c.currentVersionId(bot.strategyName)).orElse(null);
        }
        if (request.strategyVersionId() != null) {
            boolean known = strategies.stream().findFirst()
                    .map(c -> c.versionBelongsTo(request.strategyVersionId(), bot.strategyName)).orElse(false);
            if (!known) {
                errors.add(new FieldViolation("strategy_version_id", "is not a version of strategy " + bot.strategyName));
            }
            bot.strategyVersionId = request.strategyVersionId();
        }
        set(request.exchange(), v -> bot.exchange = v);
        set(request.stakeCurrency(), v -> bot.stakeCurrency = v);
        if (request.stakeAmount() != null && !request.stakeAmount().isNull()) {
            applyStake(bot, request.stakeAmount(), errors);
        }
        set(request.maxOpenTrades(), v -> bot.maxOpenTrades = v);
        set(request.isActive(), v -> bot.active = v);
        set(request.tradingMode(), v -> bot.tradingMode = v);
        set(request.marginMode(), v -> bot.marginMode = v);
        set(request.dryRun(), v -> bot.dryRun = v);
        set(request.dryRunWallet(), v -> bot.dryRunWallet = v);
        set(request.timeframe(), v -> bot.timeframe = v);
        set(request.pairWhitelist(), v -> bot.pairWhitelist = write(v));
        set(request.pairBlacklist(), v -> bot.pairBlacklist = write(v));
        set(request.tags(), v -> bot.tags = write(v));
        set(request.restartPolicy(), v -> bot.restartPolicy = v.value());
        set(request.exchangeKey(), v -> bot.exchangeKeyEnc = v.isEmpty() ? null : seal(v));
        set(request.exchangeSecret(), v -> bot.exchangeSecretEnc = v.isEmpty() ? null : seal(v));
        set(request.exchangePassword(), v -> bot.exchangePasswordEnc = v.isEmpty() ? null : seal(v));
        set(request.externalUrl(), v -> bot.externalUrl = v);
        set(request.externalUsername(), v -> bot.externalUsername = v);
        set(request.externalPassword(), v -> bot.externalPasswordEnc = v.isEmpty() ? null : seal(v));
        validate(bot, user, errors);
        gateLiveEdit(bot, live);
        changed(bot, before);
        return response(bot);
    }

    @Transactional
    void delete(long id, CurrentUser user) {
        Bot bot = load(id, user);
        if (runtimes.isAlive(id)) {
            throw new ApiException(HttpStatus.CONFLICT, "bot_not_stopped",
                    "Bot '" + bot.name + "' is still running; stop it before deleting it");
        }
        if (bot.observedState != ObservedState.STOPPED && bot.observedState != ObservedState.CRASHED
                && bot.observedState != ObservedState.START_FAILED
                && bot.observedState != ObservedState.UNSUPERVISED) {
            throw new ApiException(HttpStatus.CONFLICT, "bot_not_stopped",
                    "Bot '" + bot.name + "' is " + bot.observedState.value() + "; stop it before deleting it");
        }
        Map<String, Object> before = snapshot(bot);
        bots.delete(bot);
        directory.forget(bot.id);
        events.publishEvent(new BotEvents.BotDeleted(bot.id, bot.name, before));
    }

    /** What the bot will receive at start, secrets masked (runtime values are assigned at start). */
    @Transactional(readOnly = true)
    JsonNode config(long id, CurrentUser user) {
        return configs.masked(load(id, user));
    }

    /**
     * Replaces the bot's configuration with a complete config object (the original's semantics). Keys that are
     * bot fields (stake, exchange, pairs, ...) update those fields; exchange credentials in it are moved to the
     * encrypted store; the rest becomes the bot's overrides. Masked values ({@code ***}) leave secrets unchanged.
     */
    @Transactional
    JsonNode replaceConfig(long id, JsonNode body, CurrentUser user) {
        Bot bot = load(id, user);
        Map<String, Object> before = snapshot(bot);
        LiveBefore live = LiveBefore.of(bot);
        List<FieldViolation> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ApiException.invalidField("body", "must be a JSON object");
        }
        bot.configOverrides = "{}";
        absorbConfig(bot, ((ObjectNode) body).deepCopy(), errors);
        validate(bot, user, errors);
        gateLiveEdit(bot, live);
        changed(bot, before);
        return configs.masked(bot);
    }

    @Override
    @Transactional(readOnly = true)
    public List<String> botsPinnedTo(String className) {
        return bots.findByStrategyNameOrderByNameAsc(className).stream().map(b -> b.name).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public List<String> botsUsing(long modelId) {
        return bots.findByFreqaiModelIdOrderByNameAsc(modelId).stream().map(b -> b.name).toList();
    }

    /** Whether the bot traded live money, and with which strategy version, before an edit. */
    private record LiveBefore(boolean live, Long versionId) {

        static LiveBefore of(Bot bot) {
            return new LiveBefore(!bot.dryRun, bot.strategyVersionId);
        }
    }

    /**
     * The live-money gate on an edit. A bot the server may (re)launch without another user start — its desired state
     * is running or paused, or its process is alive — picks the edit up at a restart, a reload or the supervisor's
     * relaunch, none of which is gated. So an edit that makes such a bot live (dry_run false) or gives a live one
     * another strategy version must pass the gate now (409 strategy_not_vetted, nothing stored); a stopped bot's
     * edit is not gated, its next start is.
     */
    private void gateLiveEdit(Bot bot, LiveBefore before) {
        if (bot.dryRun || (before.live() && java.util.Objects.equals(before.versionId(), bot.strategyVersionId))) {
            return;
        }
        if (bot.desiredState == io.ftfleet.runtime.DesiredState.STOPPED && !runtimes.isAlive(bot.id)) {
            return;
        }
        liveGate.check(bot);
    }

    private void changed(Bot bot, Map<String, Object> before) {
        bot.updatedAt = clock.instant();
        directory.forget(bot.id);
        if (bot.observedState == ObservedState.RUNNING || bot.observedState == ObservedState.PAUSED) {
            bot.restartRequired = true;
        }
        bots.flush();
        Map<String, Object> after = snapshot(bot);
        if (!after.equals(before)) {
            events.publishEvent(new BotEvents.BotUpdated(bot.id, bot.name, before, after));
        }
    }

    private Bot load(long id, CurrentUser user) {
        return bots.findById(id).filter(b -> user.isAdmin() || b.ownerId == user.id())
                .orElseThrow(() -> ApiException.notFound("bot_not_found", "Bot not found"));
    }

    /** Field rules, then the whole generated config as Freqtrade would check it; one 422 listing everything. */
    private void validate(Bot bot, CurrentUser user, List<FieldViolation> errors) {
        BotNames.check(bot.name).ifPresent(m -> errors.add(new FieldViolation("name", m)));
        if (bot.strategyName == null || !STRATEGY_NAME.matcher(bot.strategyName).matches()) {
            errors.add(new FieldViolation("strategy_name", "must be a Python class name (letters, digits, _)"));
        }
        if (bot.stakeCurrency == null || !CURRENCY.matcher(bot.stakeCurrency).matches()) {
            errors.add(new FieldViolation("stake_currency", "must be 1 to 16 letters or digits"));
        }
        if (bot.description != null && bot.description.length() > 2000) {
            errors.add(new FieldViolation("description", "must be at most 2000 characters"));
        }
        if (TradingMode.fromValue(bot.tradingMode).isEmpty()) {
            errors.add(new FieldViolation("trading_mode", "must be one of spot, margin, futures"));
        }
        if (MarginMode.fromValue(bot.marginMode).isEmpty()) {
            errors.add(new FieldViolation("margin_mode", "must be empty, cross or isolated"));
        }
        if (!bot.runtime.equals("local") && !bot.runtime.equals("external")) {
            errors.add(new FieldViolation("runtime", "must be local or external"));
        } else if (bot.runtime.equals("external")) {
            if (!isHttpUrl(bot.externalUrl)) {
                errors.add(new FieldViolation("external_url", "must be the bot's API base URL, e.g. http://host:8080"));
            } else {
                ExternalUrls.refusal(bot.externalUrl, properties.external().allowPrivate())
                        .ifPresent(m -> errors.add(new FieldViolation("external_url", m)));
            }
            if (bot.externalUsername == null || bot.externalUsername.isBlank() || bot.externalUsername.length() > 100) {
                errors.add(new FieldViolation("external_username", "is required for an external bot"));
            }
            if (bot.externalPasswordEnc == null) {
                errors.add(new FieldViolation("external_password", "is required for an external bot"));
            }
        }
        List<String> tags = configs.list(bot.tags);
        if (tags.size() > 20 || tags.stream().anyMatch(t -> t == null || t.isBlank() || t.length() > 32)) {
            errors.add(new FieldViolation("tags", "at most 20 tags of 1 to 32 characters"));
        }
        Optional<FreqaiCatalog.ModelRef> model = Optional.empty();
        if (bot.freqaiModelId != null) {
            model = configs.model(bot)
                    .filter(m -> user.isAdmin() || m.ownerId() == user.id() || m.ownerId() == bot.ownerId);
            if (model.isEmpty()) {
                errors.add(new FieldViolation("freqai_model_id", "no such FreqAI model"));
            }
        }
        if (errors.isEmpty()) {
            for (ConfigViolation v : validator.validateStored(configs.forValidation(bot, model))) {
                errors.add(new FieldViolation(v.key().isEmpty() ? "config" : v.key(), v.message()));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("Invalid bot: " + errors.get(0).field() + " " + errors.get(0).message()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors);
        }
    }

    /**
     * Moves keys that are bot fields out of a config object into the bot, secrets into the encrypted store, and
     * keeps the rest as overrides. Server-owned keys ({@code api_server}, {@code db_url}, {@code bot_name},
     * {@code initial_state}) sent back as the server generates them (a config read with GET and PUT back) are
     * dropped; changed, they are refused like every key outside the allow-list ({@link ConfigPolicy}).
     */
    private void absorbConfig(Bot bot, ObjectNode config, List<FieldViolation> errors) {
        takeText(config, "stake_currency", v -> bot.stakeCurrency = v, errors);
        if (config.has("stake_amount")) {
            applyStake(bot, config.remove("stake_amount"), errors);
        }
        if (config.has("max_open_trades")) {
            JsonNode v = config.remove("max_open_trades");
            if (v.isIntegralNumber()) {
                bot.maxOpenTrades = v.asInt();
            } else {
                errors.add(new FieldViolation("max_open_trades", "must be an integer"));
            }
        }
        if (config.has("dry_run")) {
            JsonNode v = config.remove("dry_run");
            if (v.isBoolean()) {
                bot.dryRun = v.asBoolean();
            } else {
                errors.add(new FieldViolation("dry_run", "must be true or false"));
            }
        }
        if (config.has("dry_run_wallet") && config.get("dry_run_wallet").isNumber()) {
            bot.dryRunWallet = config.remove("dry_run_wallet").decimalValue();
        }
        takeText(config, "timeframe", v -> bot.timeframe = v, errors);
        takeText(config, "trading_mode", v -> bot.tradingMode = v, errors);
        takeText(config, "margin_mode", v -> bot.marginMode = v, errors);
        takeText(config, "strategy", v -> bot.strategyName = v, errors);
        ObjectNode baseline = configs.baseline(bot);
        ObjectNode shown = (ObjectNode) configs.masked(bot);
        for (String key : ConfigPolicy.SERVER_OWNED) {
            JsonNode v = config.get(key);
            if (v != null && (v.equals(baseline.get(key)) || v.equals(shown.get(key)))) {
                config.remove(key);
            }
        }
        JsonNode exchange = config.get("exchange");
        if (exchange != null && exchange.isObject()) {
            ObjectNode ex = (ObjectNode) exchange;
            takeText(ex, "name", v -> bot.exchange = v, errors);
            takeSecret(ex, "key", v -> bot.exchangeKeyEnc = v);
            takeSecret(ex, "secret", v -> bot.exchangeSecretEnc = v);
            takeSecret(ex, "password", v -> bot.exchangePasswordEnc = v);
            takeList(ex, "pair_whitelist", v -> bot.pairWhitelist = v, errors);
            takeList(ex, "pair_blacklist", v -> bot.pairBlacklist = v, errors);
        }
        configs.storeSecrets(bot, ConfigPolicy.extractSecrets(config, configs.secrets(bot)));
        if (config.get("exchange") instanceof ObjectNode ex && ex.isEmpty()) {
            config.remove("exchange");
        }
        for (ConfigViolation v : ConfigPolicy.refused(config)) {
            errors.add(new FieldViolation(v.key(), v.message()));
        }
        bot.configOverrides = json.writeValueAsString(config);
    }

    private void takeText(ObjectNode node, String key, java.util.function.Consumer<String> to, List<FieldViolation> errors) {
        if (!node.has(key)) {
            return;
        }
        JsonNode v = node.remove(key);
        if (v.isString()) {
            to.accept(v.asString());
        } else {
            errors.add(new FieldViolation(key, "must be a string"));
        }
    }

    private void takeSecret(ObjectNode exchange, String key, java.util.function.Consumer<String> to) {
        JsonNode v = exchange.remove(key);
        if (v != null && v.isString() && !v.asString().equals("***")) {
            to.accept(v.asString().isEmpty() ? null : seal(v.asString()));
        }
    }

    private void takeList(ObjectNode exchange, String key, java.util.function.Consumer<String> to,
            List<FieldViolation> errors) {
        if (!exchange.has(key)) {
            return;
        }
        JsonNode v = exchange.remove(key);
        if (v.isArray() && v.valueStream().allMatch(JsonNode::isString)) {
            to.accept(json.writeValueAsString(v));
        } else {
            errors.add(new FieldViolation("exchange." + key, "must be a list of pairs"));
        }
    }

    /** A config object, or a JSON string holding one (the original web UI sends it as text). */
    private ObjectNode overrides(JsonNode config, List<FieldViolation> errors) {
        if (config == null || config.isNull()) {
            return null;
        }
        JsonNode node = config;
        if (config.isString()) {
            String text = config.asString().strip();
            if (text.isEmpty()) {
                return null;
            }
            try {
                node = json.readTree(text);
            } catch (RuntimeException e) {
                errors.add(new FieldViolation("config", "is not valid JSON"));
                return null;
            }
        }
        if (!node.isObject()) {
            errors.add(new FieldViolation("config", "must be a JSON object"));
            return null;
        }
        return ((ObjectNode) node).deepCopy();
    }

    private static void applyStake(Bot bot, JsonNode stake, List<FieldViolation> errors) {
        if (stake.isNumber() && stake.decimalValue().compareTo(StakeAmount.MINIMUM) >= 0) {
            bot.stakeAmount = stake.decimalValue().stripTrailingZeros().toPlainString();
        } else if (stake.isString() && stake.asString().equals(StakeAmount.UNLIMITED)) {
            bot.stakeAmount = StakeAmount.UNLIMITED;
        } else if (stake.isString() && isPositiveNumber(stake.asString())) {
            bot.stakeAmount = new BigDecimal(stake.asString()).stripTrailingZeros().toPlainString();
        } else {
            errors.add(new FieldViolation("stake_amount", "must be a positive number or \"unlimited\""));
        }
    }

    private static boolean isPositiveNumber(String text) {
        try {
            return new BigDecimal(text).compareTo(StakeAmount.MINIMUM) >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private BotResponse response(Bot bot) {
        // A bot that has never been measured has, truthfully, no trades recorded here.
        BotStatistics.Figures figures = statistics.stream().findFirst().flatMap(st -> st.figures(bot.id))
                .orElse(new BotStatistics.Figures(0, 0, 0.0, 0.0));
        JsonNode stake = bot.stakeAmount.equals(StakeAmount.UNLIMITED) ? NODES.stringNode(StakeAmount.UNLIMITED)
                : NODES.numberNode(new BigDecimal(bot.stakeAmount).doubleValue());
        return new BotResponse(bot.id, bot.name, bot.description, bot.freqaiModelId, bot.strategyName,
                bot.strategyVersionId, bot.exchange, bot.tradingMode, bot.marginMode, bot.dryRun, bot.dryRunWallet,
                bot.timeframe, configs.list(bot.pairWhitelist), configs.list(bot.pairBlacklist), bot.stakeCurrency, stake,
                bot.maxOpenTrades, configs.list(bot.tags), configs.masked(bot), bot.active, bot.observedState.legacyStatus(),
                bot.desiredState, bot.observedState, bot.observedAt, bot.observedReason,
                RestartPolicy.of(bot.restartPolicy), bot.pid, bot.port, bot.restartRequired, bot.ownerId,
                bot.exchangeKeyEnc != null, bot.exchangeSecretEnc != null, bot.exchangePasswordEnc != null,
                bot.createdAt, bot.updatedAt, bot.version, figures.closedTrades(), figures.winningTrades(),
                figures.closedProfitAbs(), figures.maxDrawdownRatio(), bot.runtime, bot.externalUrl,
                bot.externalPasswordEnc != null, configs.secretPaths(bot));
    }

    /** Audit snapshot: registry fields and whether each secret is set, never a secret. */
    private Map<String, Object> snapshot(Bot bot) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", bot.name);
        map.put("description", bot.description);
        map.put("strategy_name", bot.strategyName);
        map.put("strategy_version_id", bot.strategyVersionId);
        map.put("freqai_model_id", bot.freqaiModelId);
        map.put("exchange", bot.exchange);
        map.put("trading_mode", bot.tradingMode);
        map.put("margin_mode", bot.marginMode);
        map.put("dry_run", bot.dryRun);
        map.put("dry_run_wallet", bot.dryRunWallet == null ? null : bot.dryRunWallet.toPlainString());
        map.put("timeframe", bot.timeframe);
        map.put("pair_whitelist", configs.list(bot.pairWhitelist));
        map.put("pair_blacklist", configs.list(bot.pairBlacklist));
        map.put("stake_currency", bot.stakeCurrency);
        map.put("stake_amount", bot.stakeAmount);
        map.put("max_open_trades", bot.maxOpenTrades);
        map.put("tags", configs.list(bot.tags));
        map.put("config_overrides", bot.configOverrides);
        map.put("restart_policy", bot.restartPolicy);
        map.put("is_active", bot.active);
        map.put("exchange_key_set", bot.exchangeKeyEnc != null);
        map.put("exchange_secret_set", bot.exchangeSecretEnc != null);
        map.put("exchange_password_set", bot.exchangePasswordEnc != null);
        map.put("config_secrets_set", configs.secretPaths(bot));
        map.put("runtime", bot.runtime);
        map.put("external_url", bot.externalUrl);
        map.put("external_password_set", bot.externalPasswordEnc != null);
        return map;
    }

    private static boolean isHttpUrl(String url) {
        if (url == null || url.length() > 500) {
            return false;
        }
        try {
            java.net.URI uri = new java.net.URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))
                    && uri.getQuery() == null && uri.getUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private String seal(String secret) {
        return secret == null || secret.isEmpty() ? null : secrets.encrypt(secret);
    }

    private String write(List<String> values) {
        return json.writeValueAsString(values);
    }

    private static Long zeroAsNull(Long id) {
        return id == null || id == 0 ? null : id;
    }

    private static void require(String value, String field, List<FieldViolation> errors) {
        if (value == null) {
            errors.add(new FieldViolation(field, "is required"));
        }
    }

    private static <T> void set(T value, java.util.function.Consumer<T> to) {
        if (value != null) {
            to.accept(value);
        }
    }
}
