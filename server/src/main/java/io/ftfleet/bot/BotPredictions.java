package io.ftfleet.bot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.ftfleet.core.ApiException;
import io.ftfleet.freqai.FreqaiCatalog;
import io.ftfleet.freqtrade.BotCallFailed;
import io.ftfleet.freqtrade.FreqtradeClient;
import io.ftfleet.freqtrade.PairCandles;
import io.ftfleet.user.CurrentUser;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A running FreqAI bot's live output, read from its own analysed dataframe ({@code /pair_candles}, last row):
 * the {@code &-} target columns (prediction, {@code _mean}, {@code _std}), {@code do_predict} and
 * {@code DI_values} (contract 8.4/8.5). Nothing is computed here that the bot did not say; a bot without FreqAI or
 * not running is a 409, never an "N/A" answer.
 */
@Service
class BotPredictions {

    /**
     * The latest analysed candle's FreqAI columns.
     *
     * @param candleDate the row's {@code date} cell as the bot sent it (ISO, UTC)
     * @param candleTs   the row's {@code __date_ts} (ms)
     * @param targets    every {@code &-} column of the row, in the bot's column order
     * @param diValues   null when the model runs without the Dissimilarity Index
     */
    record LiveOutput(long botId, String botName, String pair, String timeframe, String candleDate, Long candleTs,
            Map<String, Double> targets, Integer doPredict, Double diValues, Instant lastAnalyzed) {
    }

    /** What a prediction is read from: a scope-checked FreqAI bot. */
    /** @param labelPeriodCandles {@code freqai.feature_parameters.label_period_candles}, null when not configured */
    record Target(long botId, String botName, String strategy, String timeframe, List<String> pairs, Long modelId,
            Integer labelPeriodCandles) {
    }

    private final BotRepository bots;
    private final BotConfigs configs;
    private final BotLifecycle lifecycle;
    private final TransactionTemplate tx;

    BotPredictions(BotRepository bots, BotConfigs configs, BotLifecycle lifecycle, TransactionTemplate tx) {
        this.bots = bots;
        this.configs = configs;
        this.lifecycle = lifecycle;
        this.tx = tx;
    }

    Target target(long botId, CurrentUser user) {
        return tx.execute(s -> {
            Bot bot = bots.findById(botId).filter(b -> user.isAdmin() || b.ownerId == user.id())
                    .orElseThrow(() -> ApiException.notFound("bot_not_found", "Bot not found"));
            return target(bot);
        });
    }

    Target targetByName(String name, CurrentUser user) {
        return tx.execute(s -> {
            Bot bot = bots.findByName(name).filter(b -> user.isAdmin() || b.ownerId == user.id())
                    .orElseThrow(() -> ApiException.notFound("bot_not_found", "Bot not found"));
            return target(bot);
        });
    }

    /** The caller's bots (all for admins) that use the model, by id. */
    List<Target> targetsUsingModel(long modelId, CurrentUser user) {
        return tx.execute(s -> bots.findAll().stream()
                .filter(b -> modelId == (b.freqaiModelId == null ? -1 : b.freqaiModelId))
                .filter(b -> user.isAdmin() || b.ownerId == user.id())
                .sorted((a, b) -> Long.compare(a.id, b.id)).map(this::target).toList());
    }

    private Target target(Bot bot) {
        Optional<FreqaiCatalog.ModelRef> model = configs.model(bot);
        ObjectNode config = configs.generated(bot, model);
        JsonNode freqai = config.path("freqai");
        if (!freqai.path("enabled").asBoolean(false)) {
            throw new ApiException(HttpStatus.CONFLICT, "bot_not_freqai",
                    "Bot '" + bot.name + "' does not run FreqAI: attach a FreqAI model (freqai_model_id) or enable "
                            + "the freqai section in its config");
        }
        List<String> pairs = new ArrayList<>();
        config.path("exchange").path("pair_whitelist").forEach(p -> pairs.add(p.asString()));
        JsonNode lpc = freqai.path("feature_parameters").path("label_period_candles");
        return new Target(bot.id, bot.name, bot.strategyName, config.path("timeframe").asString(bot.timeframe), pairs,
                bot.freqaiModelId, lpc.isIntegralNumber() && lpc.asInt() > 0 ? lpc.asInt() : null);
    }

    /** Reads the last analysed candle of {@code pair} (default: the first whitelisted pair) from the running bot. */
    LiveOutput read(Target target, String pair, CurrentUser user) {
        String p = pair != null ? pair : target.pairs().isEmpty() ? null : target.pairs().get(0);
        if (p == null) {
            throw new ApiException(HttpStatus.CONFLICT, "bot_has_no_pairs", "Bot '" + target.botName()
                    + "' has no pairs in its whitelist");
        }
        if (!target.pairs().contains(p)) {
            throw ApiException.invalidField("pair", "is not in the bot's whitelist " + target.pairs());
        }
        PairCandles candles = candles(target, p, 1, user);
        Map<String, Double> targets = new LinkedHashMap<>();
        for (String c : candles.columns()) {
            if (c.startsWith("&")) {
                targets.put(c, number(candles.last(c)));
            }
        }
        JsonNode doPredict = candles.last("do_predict");
        if (targets.isEmpty() || doPredict == null) {
            throw new ApiException(HttpStatus.CONFLICT, "no_freqai_output", "Bot '" + target.botName()
                    + "' returns no FreqAI columns for " + p + ": its strategy does not call self.freqai.start()");
        }
        JsonNode date = candles.last("date");
        Double ts = number(candles.last("__date_ts"));
        return new LiveOutput(target.botId(), target.botName(), p, target.timeframe(),
                date == null || date.isNull() ? null : date.asString(), ts == null ? null : ts.longValue(), targets,
                doPredict.isNull() ? null : doPredict.asInt(), number(candles.last("DI_values")),
                Instant.ofEpochSecond(candles.lastAnalyzedTs()));
    }

    /**
     * The running bot's last {@code limit} analysed candles of {@code pair}; 409 when the bot is not running or has
     * not analysed the pair yet, 502 when the bot's answer is unusable (its failure, not the caller's).
     */
    PairCandles candles(Target target, String pair, int limit, CurrentUser user) {
        FreqtradeClient client = lifecycle.client(target.botId(), user);
        PairCandles candles;
        try {
            candles = client.pairCandles(pair, target.timeframe(), limit);
        } catch (BotCallFailed e) {
            throw BotCallErrors.toApi(e);
        }
        if (candles.data().isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "no_analysed_candles", "Bot '" + target.botName()
                    + "' has not analysed " + pair + " " + target.timeframe() + " yet (is it running, not stopped?)");
        }
        return candles;
    }

    private static Double number(JsonNode n) {
        return n == null || !n.isNumber() ? null : n.asDouble();
    }

    /**
     * The original's long/short/neutral answer, derived from the first {@code &-} target: its prediction is compared
     * with the label mean and standard deviation of the model's training ({@code _mean}/{@code _std} columns),
     * z = (prediction − mean) / std. z ≥ 1 is {@code long}, z ≤ −1 {@code short}, otherwise {@code neutral};
     * confidence = min(|z| / 3, 1), rounded to 4 decimals. When {@code do_predict} is not 1 (outlier, expired or no
     * model yet) the model is not to be trusted: {@code neutral} with confidence 0.
     */
    static Direction direction(LiveOutput out) {
        String target = out.targets().keySet().stream().filter(k -> !k.endsWith("_mean") && !k.endsWith("_std"))
                .findFirst().orElse(null);
        if (target == null || out.doPredict() == null || out.doPredict() != 1) {
            return new Direction("neutral", 0.0, target);
        }
        Double value = out.targets().get(target);
        Double mean = out.targets().get(target + "_mean");
        Double std = out.targets().get(target + "_std");
        if (value == null || mean == null || std == null || std <= 0) {
            return new Direction("neutral", 0.0, target);
        }
        double z = (value - mean) / std;
        String prediction = z >= 1 ? "long" : z <= -1 ? "short" : "neutral";
        double confidence = Math.round(Math.min(Math.abs(z) / 3, 1) * 10000) / 10000.0;
        return new Direction(prediction, confidence, target);
    }

    record Direction(String prediction, double confidence, String target) {
    }
}
