package io.ftfleet.job;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.ftfleet.analytics.TradeHistory;
import io.ftfleet.bot.BotDirectory;
import io.ftfleet.core.ApiException;
import io.ftfleet.user.CurrentUser;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backtest vs live: {@code freqtrade backtesting} of a bot's pinned strategy version with the bot's own setup (pairs,
 * timeframe, stake, wallet, max open trades, fee) over the window the bot traded, and its trades compared with the
 * bot's closed trades of that window from the analytics ledger ({@link TradeComparison}). The summary is the
 * comparison.
 */
@Component
class BacktestVsLiveKind extends StrategyRunKind {

    static final String NAME = "backtest_vs_live";
    /** Live trades compared at most: the comparison is held in memory and stored as the job's summary. */
    static final int MAX_LIVE_TRADES = 20_000;
    /**
     * The bot's settings that change which trades a backtest makes and what they earn (they win over the strategy's
     * own values in Freqtrade, live and in a backtest alike), copied from its config into the backtest's. Not the
     * pairlists (backtesting takes a static list: the bot's whitelist is the job's pairs) nor anything of running it.
     */
    static final List<String> TRADING_SETTINGS = List.of("minimal_roi", "stoploss", "trailing_stop",
            "trailing_stop_positive", "trailing_stop_positive_offset", "trailing_only_offset_is_reached",
            "use_exit_signal", "exit_profit_only", "exit_profit_offset", "ignore_roi_if_entry_signal",
            "tradable_balance_ratio", "available_capital", "amend_last_stake_amount", "last_stake_amount_min_ratio",
            "position_adjustment_enable", "max_entry_position_adjustment", "unfilledtimeout", "order_types",
            "entry_pricing", "exit_pricing", "protections");
    /** Freqtrade's timeranges take 8-, 10- or 13-digit numbers: a 10-digit epoch starts here. */
    static final Instant EARLIEST = Instant.ofEpochSecond(1_000_000_000L);

    private final BotDirectory bots;
    private final TradeHistory history;

    BacktestVsLiveKind(StrategyRun strategyRun, BotDirectory bots, TradeHistory history, JsonMapper json) {
        super(strategyRun, json);
        this.bots = bots;
        this.history = history;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@code bot_id} (required), {@code since}/{@code until} (ISO-8601, optional: default the bot's first open to its
     * last close), {@code download_missing}. Everything else comes from the bot: its pinned version and its config.
     */
    @Override
    public ObjectNode validate(JsonNode request, CurrentUser user) {
        StrategyRun.Fields f = new StrategyRun.Fields(request);
        Long botId = f.longValue("bot_id");
        f.throwIfInvalid();
        if (botId == null) {
            throw ApiException.invalidField("bot_id", "is required");
        }
        BotDirectory.BotSummary bot = bots.find(botId).filter(b -> user.isAdmin() || b.ownerId() == user.id())
                .orElseThrow(() -> ApiException.notFound("bot_not_found", "Bot " + botId + " not found"));
        BotDirectory.PinnedStrategy pinned = bots.strategy(botId).orElseThrow();
        if (pinned.versionId() == null) {
            throw ApiException.conflict("strategy_not_pinned", "Bot " + bot.name() + " has no pinned version of "
                    + "strategy " + pinned.strategyName() + ": store the strategy, pin a version (or start the bot, "
                    + "which pins the current one) and trade before comparing");
        }
        Instant since = instant(f, request, "since");
        Instant until = instant(f, request, "until");
        if (since != null && until != null && !since.isBefore(until)) {
            f.violation("until", "must be after since");
        }
        f.throwIfInvalid();

        ObjectNode run = json.createObjectNode();
        run.put("bot_id", botId);
        run.put("strategy_name", pinned.strategyName());
        run.put("strategy_version_id", pinned.versionId());
        if (request.has("download_missing")) {
            run.set("download_missing", request.get("download_missing"));
        }
        ObjectNode out = strategyRun.validate(run, user);
        String timeframe = out.path("timeframe").asString();
        long candle = Candles.timeframeMillis(timeframe);

        Optional<TradeHistory.Span> span = since != null && until != null ? Optional.empty() : history.span(botId);
        if ((since == null || until == null) && span.isEmpty()) {
            throw noLiveTrades(bot, "the ledger holds no closed trade of it yet");
        }
        // whole candles: from the start of the first one to the end of the one the last trade closed in
        Instant from = floor(since != null ? since : span.get().firstOpen(), candle);
        Instant to = ceil(until != null ? until : span.get().lastClose().plusMillis(1), candle);
        if (!from.isBefore(to)) {
            throw ApiException.invalidField("until", "must be after since (" + from + ")");
        }
        int live = history.count(botId, from, to);
        if (live == 0) {
            throw noLiveTrades(bot, "no closed trade opened between " + from + " and " + to);
        }
        if (live > MAX_LIVE_TRADES) {
            throw ApiException.invalidField("since", "the window holds " + live + " live trades; at most "
                    + MAX_LIVE_TRADES + " are compared at once: narrow since/until");
        }
        out.put("timerange", from.getEpochSecond() + "-" + to.getEpochSecond());
        out.put("since", from.toString());
        out.put("until", to.toString());
        out.put("live_trades", live);
        ObjectNode config = bots.configWithoutSecrets(botId).orElseThrow();
        if (config.path("fee").isNumber()) {
            out.put("fee", config.get("fee").asDouble());
        }
        ObjectNode settings = out.putObject(StrategyRun.BOT_SETTINGS);
        TRADING_SETTINGS.stream().filter(config::hasNonNull).forEach(k -> settings.set(k, config.get(k).deepCopy()));
        return out;
    }

    private static ApiException noLiveTrades(BotDirectory.BotSummary bot, String why) {
        return ApiException.conflict("no_live_trades", "Bot " + bot.name() + " has no closed trades to compare ("
                + why + "); let it trade, or give since/until around the time it did");
    }

    private static Instant instant(StrategyRun.Fields f, JsonNode request, String field) {
        String text = f.string(field, null);
        if (text == null) {
            return null;
        }
        try {
            Instant at = java.time.OffsetDateTime.parse(text).toInstant();
            if (at.isBefore(EARLIEST) || at.getEpochSecond() > 9_999_999_999L) {
                f.violation(field, "must lie between " + EARLIEST + " and the year 2286 (a 10-digit epoch)");
                return null;
            }
            return at;
        } catch (DateTimeParseException e) {
            f.violation(field, "is not an ISO-8601 date-time with offset, e.g. 2026-12-05T08:00:00Z");
            return null;
        }
    }

    static Instant floor(Instant at, long candleMs) {
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), candleMs) * candleMs);
    }

    static Instant ceil(Instant at, long candleMs) {
        return Instant.ofEpochMilli(-Math.floorDiv(-at.toEpochMilli(), candleMs) * candleMs);
    }

    @Override
    public String label(JsonNode params) {
        return strategyRun.label(params) + " vs bot " + params.path("bot_id").asLong();
    }

    @Override
    public List<String> prepare(Run run) throws IOException {
        List<String> args = BacktestKind.backtesting(this, run);
        if (run.params().path("fee").isNumber()) {
            args.addAll(List.of("--fee", run.params().path("fee").asString()));
        }
        // live, a bot's protections always apply; a backtest applies them only when told to
        JsonNode protections = run.params().path(StrategyRun.BOT_SETTINGS).path("protections");
        if (protections.isArray() && !protections.isEmpty()) {
            args.add("--enable-protections");
        }
        return args;
    }

    @Override
    public Optional<Progress> progress(String line, Run run) {
        return BacktestKind.phase(line);
    }

    @Override
    public Result collect(Run run) throws IOException {
        JsonNode p = run.params();
        BacktestResults.Read read = BacktestResults.latest(run.userData().resolve("backtest_results"), json);
        String strategy = p.path("strategy_name").asString();
        JsonNode all = read.stats().path("strategy");
        JsonNode stats = all.has(strategy) ? all.get(strategy) : null;
        if (stats == null || !stats.path("trades").isArray()) {
            throw new IOException("the result has no trades of " + strategy);
        }
        List<TradeComparison.Trade> backtest = new ArrayList<>();
        for (JsonNode t : stats.get("trades")) {
            backtest.add(new TradeComparison.Trade(t.path("pair").asString(),
                    Instant.ofEpochMilli(t.path("open_timestamp").asLong()),
                    Instant.ofEpochMilli(t.path("close_timestamp").asLong()), t.path("profit_abs").asDouble(),
                    t.path("profit_ratio").asDouble()));
        }
        long botId = p.path("bot_id").asLong();
        Instant since = Instant.parse(p.path("since").asString());
        Instant until = Instant.parse(p.path("until").asString());
        List<TradeComparison.Trade> live = history.closedTrades(botId, since, until, MAX_LIVE_TRADES).stream()
                .map(t -> new TradeComparison.Trade(t.pair(), t.openAt(), t.closeAt(), t.profitAbs(), t.profitRatio()))
                .toList();
        TradeComparison.Comparison comparison = TradeComparison.compare(new TradeComparison.Setup(botId, strategy,
                p.path("strategy_version_id").asLong(), p.path("timeframe").asString(), since, until,
                p.path("stake_currency").asString()), live, backtest);
        ObjectNode summary = json.valueToTree(comparison);
        return new Result(summary, read.text(), "user_data/backtest_results/" + read.file());
    }
}
