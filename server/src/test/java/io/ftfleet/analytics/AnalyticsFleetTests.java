package io.ftfleet.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.ftfleet.freqtrade.SimulatedBot;
import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.ExternalBots;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * A fleet of real simulated bots in two stake currencies (USDT and BTC), dry-run and live, registered as external
 * bots: every figure the analytics routes serve is checked against figures computed here from each bot's own
 * {@code /trades} and {@code /balance}, read directly from the bot.
 */
@FullStackTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsFleetTests {

    static final double BTC_RATE = 65000;
    static final double EPS = 1e-9;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("ftfleet.fleet.poll-interval", () -> "500ms");
        registry.add("ftfleet.analytics.sync-interval", () -> "300ms");
        registry.add("ftfleet.analytics.page-size", () -> "3"); // several pages per bot: exercises the paging
        registry.add("ftfleet.analytics.rates.BTC", () -> String.valueOf(BTC_RATE));
        registry.add("ftfleet.auth.rate-limit.enabled", () -> "false");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Api api;
    String admin;
    String operator;
    final List<BotDirect> fleet = new ArrayList<>();
    BotDirect othersBot;
    long archiveBot;

    @BeforeAll
    void startFleet() throws IOException {
        api = new Api(port);
        admin = api.adminToken();
        operator = api.tokenFor("analytics-operator", "operator");
        fleet.add(start("usdt-dry", "USDT", true, List.of("ETH/USDT", "SOL/USDT", "XRP/USDT"), 1000));
        fleet.add(start("usdt-live", "USDT", false, List.of("ETH/USDT", "SOL/USDT", "ADA/USDT"), 1000));
        fleet.add(start("btc-dry", "BTC", true, List.of("ETH/BTC", "SOL/BTC", "XRP/BTC"), 1));
        fleet.add(start("btc-live", "BTC", false, List.of("ETH/BTC", "SOL/BTC", "ADA/BTC"), 1));
        othersBot = start("others", "USDT", true, List.of("ETH/USDT", "SOL/USDT"), 1000);

        for (BotDirect b : fleet) {
            Await.until(b::closedCount, n -> n >= 6, Duration.ofSeconds(60));
            b.botId = register(b, admin);
        }
        Await.until(othersBot::closedCount, n -> n >= 3, Duration.ofSeconds(60));
        othersBot.botId = register(othersBot, operator);
        // freeze the fleet: a stopped bot closes nothing and its prices stand still, so both sides see the same trades
        List<BotDirect> all = new ArrayList<>(fleet);
        all.add(othersBot);
        for (BotDirect b : all) {
            b.post("/stop");
        }
        all.forEach(BotDirect::awaitStopped);

        // a registered bot that never ran, with one old trade in the ledger in a currency nobody has a rate for:
        // the only way to have a trade older than the simulators' without waiting days
        archiveBot = api.postJson("/api/v1/bots/", admin, "{\"name\":\"archive\",\"strategy_name\":\"SampleStrategy\","
                + "\"exchange\":\"kraken\",\"stake_currency\":\"EUR\",\"stake_amount\":10,\"runtime\":\"external\","
                + "\"external_url\":\"http://127.0.0.1:9\",\"external_username\":\"x\",\"external_password\":\"y\"}")
                .json().get("id").asLong();
        long threeDaysAgo = Instant.now().minus(Duration.ofDays(3)).toEpochMilli();
        jdbc.update("INSERT INTO analytics_closed_trades (bot_id, trade_id, pair, stake_currency, dry_run, "
                + "stake_amount, profit_abs, profit_ratio, open_ms, close_ms) VALUES (?,1,'ETH/EUR','EUR',TRUE,"
                + "10,7,0.7,?,?)", archiveBot, threeDaysAgo - 60000, threeDaysAgo);
    }

    @AfterAll
    void stopFleet() {
        fleet.forEach(b -> b.bot.close());
        if (othersBot != null) {
            othersBot.bot.close();
        }
    }

    BotDirect start(String name, String stake, boolean dry, List<String> pairs, double wallet) throws IOException {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("bot_name", name);
        overrides.put("stake_currency", stake);
        overrides.put("dry_run", dry);
        overrides.put("dry_run_wallet", wallet);
        overrides.put("exchange", Map.of("name", "binance", "key", dry ? "" : "dummy-key", "secret",
                dry ? "" : "dummy-secret", "pair_whitelist", pairs, "pair_blacklist", List.of()));
        SimulatedBot bot = SimulatedBot.start(Files.createTempDirectory("ftfleet-analytics-" + name), overrides,
                Map.of("FTSIM_TRADE_INTERVAL_SECONDS", "0.2"));
        BotDirect direct = new BotDirect(bot, stake, dry);
        assertThat(direct.get("/show_config").get("dry_run").asBoolean()).isEqualTo(dry);
        assertThat(direct.get("/show_config").get("stake_currency").asString()).isEqualTo(stake);
        return direct;
    }

    long register(BotDirect b, String token) {
        return ExternalBots.register(api, token, b.bot.port() + "-" + b.stake + (b.dry ? "-dry" : "-live"), b.bot,
                b.stake, SimulatedBot.PASSWORD, List.of());
    }

    // ---- expected figures, computed from the bots' own answers ---------------------------------------------------

    record Key(String stake, boolean dry) {
    }

    /** The bots an admin sees: the four of the admin and the operator's one. */
    List<BotDirect> adminView() {
        List<BotDirect> all = new ArrayList<>(fleet);
        all.add(othersBot);
        return all;
    }

    List<BotDirect.T> fleetTrades() {
        List<BotDirect.T> all = new ArrayList<>();
        adminView().forEach(b -> all.addAll(b.closedTrades()));
        all.sort(Comparator.comparingLong(BotDirect.T::closeMs).thenComparingLong(BotDirect.T::botId)
                .thenComparingInt(BotDirect.T::tradeId));
        return all;
    }

    static Map<Key, List<BotDirect.T>> byKey(List<BotDirect.T> trades) {
        Map<Key, List<BotDirect.T>> out = new TreeMap<>(Comparator.comparing(Key::stake).thenComparing(Key::dry));
        trades.forEach(t -> out.computeIfAbsent(new Key(t.stake(), t.dry()), k -> new ArrayList<>()).add(t));
        return out;
    }

    static JsonNode group(JsonNode groups, String stake, boolean dry) {
        for (JsonNode g : groups) {
            if (g.get("stake_currency").asString().equals(stake) && g.get("dry_run").asBoolean() == dry) {
                return g;
            }
        }
        throw new AssertionError("no group " + stake + "/" + dry + " in " + groups);
    }

    /** Waits until the ledger holds every closed trade of the fleet (the background sync has caught up). */
    JsonNode awaitPerformance(List<BotDirect.T> expected) {
        return Await.until(() -> api.get("/api/v1/analytics/performance?timeframe=30d&top=10", admin).json(),
                r -> r.path("data").path("total_trades").asInt() == expected.size() + 1, Duration.ofSeconds(30));
    }

    @Test
    void performanceEqualsWhatTheBotsTradesSayPerCurrencyAndMode() {
        List<BotDirect.T> trades = fleetTrades();
        JsonNode r = awaitPerformance(trades);
        JsonNode data = r.get("data");
        // the old keys: counts and ratios over every visible trade (the archive's one EUR trade included)
        long wins = trades.stream().filter(t -> t.profitAbs() > 0).count() + 1;
        assertThat(data.get("profitable_trades").asLong()).isEqualTo(wins);
        assertThat(data.get("win_rate").asDouble()).isCloseTo(100.0 * wins / (trades.size() + 1), within(EPS));
        double ratios = trades.stream().mapToDouble(BotDirect.T::profitRatio).sum() + 0.7;
        assertThat(data.get("avg_profit").asDouble()).isCloseTo(100 * ratios / (trades.size() + 1), within(EPS));

        Map<Key, List<BotDirect.T>> groups = byKey(trades);
        assertThat(groups.keySet()).containsExactlyInAnyOrder(new Key("USDT", true), new Key("USDT", false),
                new Key("BTC", true), new Key("BTC", false));
        assertThat(data.get("groups")).hasSize(5); // and EUR dry-run
        groups.forEach((key, list) -> {
            JsonNode g = group(data.get("groups"), key.stake(), key.dry());
            double profit = list.stream().mapToDouble(BotDirect.T::profitAbs).sum();
            double gross = list.stream().filter(t -> t.profitAbs() > 0).mapToDouble(BotDirect.T::profitAbs).sum();
            double loss = -list.stream().filter(t -> t.profitAbs() < 0).mapToDouble(BotDirect.T::profitAbs).sum();
            long w = list.stream().filter(t -> t.profitAbs() > 0).count();
            long l = list.stream().filter(t -> t.profitAbs() < 0).count();
            assertThat(g.get("mode").asString()).isEqualTo(key.dry() ? "dry_run" : "live");
            assertThat(g.get("trades").asInt()).isEqualTo(list.size());
            assertThat(g.get("winning_trades").asLong()).isEqualTo(w);
            assertThat(g.get("losing_trades").asLong()).isEqualTo(l);
            assertThat(g.get("win_rate").asDouble()).isCloseTo(100.0 * w / list.size(), within(EPS));
            assertThat(g.get("profit_abs").asDouble()).isCloseTo(profit, within(EPS));
            assertThat(g.get("gross_profit").asDouble()).isCloseTo(gross, within(EPS));
            assertThat(g.get("gross_loss").asDouble()).isCloseTo(loss, within(EPS));
            if (loss > 0) {
                assertThat(g.get("profit_factor").asDouble()).isCloseTo(gross / loss, within(EPS));
            } else {
                assertThat(g.get("profit_factor").isNull()).isTrue();
            }
            assertThat(g.get("expectancy").asDouble()).isCloseTo(profit / list.size(), within(EPS));
            // bots ranked by their closed profit: best first in top_bots, worst first in bottom_bots
            Map<Long, Double> perBot = new HashMap<>();
            list.forEach(t -> perBot.merge(t.botId(), t.profitAbs(), Double::sum));
            List<Long> ranked = perBot.keySet().stream()
                    .sorted(Comparator.comparingDouble((Long id) -> perBot.get(id)).reversed()).toList();
            assertThat(g.get("top_bots")).hasSize(ranked.size());
            for (int i = 0; i < ranked.size(); i++) {
                assertThat(g.get("top_bots").get(i).get("bot_id").asLong()).isEqualTo(ranked.get(i));
                assertThat(g.get("top_bots").get(i).get("profit_abs").asDouble())
                        .isCloseTo(perBot.get(ranked.get(i)), within(EPS));
                assertThat(g.get("bottom_bots").get(i).get("bot_id").asLong())
                        .isEqualTo(ranked.get(ranked.size() - 1 - i));
            }
            Map<String, List<BotDirect.T>> byPair = list.stream().collect(Collectors.groupingBy(BotDirect.T::pair));
            assertThat(g.get("pairs")).hasSize(byPair.size());
            for (JsonNode p : g.get("pairs")) {
                List<BotDirect.T> pt = byPair.get(p.get("pair").asString());
                assertThat(p.get("trades").asInt()).isEqualTo(pt.size());
                assertThat(p.get("profit_abs").asDouble())
                        .isCloseTo(pt.stream().mapToDouble(BotDirect.T::profitAbs).sum(), within(EPS));
            }
        });
    }

    @Test
    void timeframeReallyFiltersByCloseTime() {
        awaitPerformance(fleetTrades());
        String q = "/api/v1/analytics/performance?bot_id=" + archiveBot + "&timeframe=";
        assertThat(api.get(q + "24h", admin).json().get("data").get("total_trades").asInt()).isZero();
        assertThat(api.get(q + "7d", admin).json().get("data").get("total_trades").asInt()).isEqualTo(1);
        assertThat(api.get(q + "7d", admin).json().get("timeframe").asString()).isEqualTo("7d");
        Api.Response bad = api.get(q + "2d", admin);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.header("content-type")).startsWith("application/problem+json");
    }

    @Test
    void profitIsGroupedByCurrencyAndModeAndConvertedOnlyWithAKnownRate() {
        List<BotDirect.T> trades = fleetTrades();
        awaitPerformance(trades);
        JsonNode r = api.get("/api/v1/analytics/profit?period=daily", admin).json();
        JsonNode data = r.get("data");
        assertThat(r.get("period").asString()).isEqualTo("daily");
        // several currencies: no single number that would add BTC to USDT
        assertThat(data.get("total_profit").isNull()).isTrue();
        Map<Key, List<BotDirect.T>> groups = byKey(trades);
        Map<Key, Double> profit = new HashMap<>();
        groups.forEach((key, list) -> {
            double sum = list.stream().mapToDouble(BotDirect.T::profitAbs).sum();
            profit.put(key, sum);
            JsonNode g = group(data.get("totals"), key.stake(), key.dry());
            assertThat(g.get("profit_abs").asDouble()).isCloseTo(sum, within(EPS));
            assertThat(g.get("trades").asInt()).isEqualTo(list.size());
            double rate = key.stake().equals("BTC") ? BTC_RATE : 1.0;
            assertThat(g.get("converted").get("value").asDouble()).isCloseTo(sum * rate, within(1e-6));
            assertThat(g.get("converted").get("rate").asDouble()).isEqualTo(rate);
            // daily rows equal the bot's trades grouped by UTC close day
            Map<LocalDate, Double> days = new TreeMap<>(Comparator.reverseOrder());
            list.forEach(t -> days.merge(Instant.ofEpochMilli(t.closeMs()).atZone(ZoneOffset.UTC).toLocalDate(),
                    t.profitAbs(), Double::sum));
            JsonNode rows = g.get("by_period");
            assertThat(rows).hasSize(days.size());
            int i = 0;
            for (Map.Entry<LocalDate, Double> day : days.entrySet()) {
                assertThat(rows.get(i).get("period_start").asString())
                        .isEqualTo(day.getKey().atStartOfDay(ZoneOffset.UTC).toInstant().toString());
                assertThat(rows.get(i).get("profit_abs").asDouble()).isCloseTo(day.getValue(), within(EPS));
                i++;
            }
        });
        assertThat(group(data.get("totals"), "BTC", false).get("converted").get("rate_source").asString())
                .isEqualTo("settings");
        assertThat(data.get("totals").toString()).doesNotContain("\"EUR\",\"dry_run\":true,\"mode\":\"dry_run\","
                + "\"trades\":1,\"profit_abs\":7.0,\"converted\"");

        JsonNode live = modeOf(data.get("converted"), "live");
        assertThat(live.get("total").asDouble()).isCloseTo(profit.get(new Key("USDT", false))
                + profit.get(new Key("BTC", false)) * BTC_RATE, within(1e-6));
        assertThat(live.get("unconverted_currencies")).isEmpty();
        assertThat(live.get("rates").toString()).contains("\"from\":\"BTC\"").contains("\"source\":\"settings\"");
        // dry-run holds the archive's EUR, which has no rate: no total, and it says why
        JsonNode dry = modeOf(data.get("converted"), "dry_run");
        assertThat(dry.has("total")).isFalse();
        assertThat(dry.get("unconverted_currencies").toString()).isEqualTo("[\"EUR\"]");

        // in a currency nothing converts to, nothing is converted
        JsonNode eur = api.get("/api/v1/analytics/profit?reporting_currency=JPY", admin).json().get("data");
        assertThat(modeOf(eur.get("converted"), "live").has("total")).isFalse();
        assertThat(modeOf(eur.get("converted"), "live").get("unconverted_currencies").toString())
                .isEqualTo("[\"BTC\",\"USDT\"]");
        assertThat(group(eur.get("totals"), "USDT", false).has("converted")).isFalse();

        // one bot: one group, so the original's single number is that group's profit
        BotDirect usdtLive = fleet.get(1);
        JsonNode one = api.get("/api/v1/analytics/profit?bot_id=" + usdtLive.botId, admin).json();
        assertThat(one.get("data").get("total_profit").asDouble()).isCloseTo(profit.get(new Key("USDT", false)),
                within(EPS));
        assertThat(one.get("bot_id").asLong()).isEqualTo(usdtLive.botId);
    }

    static JsonNode modeOf(JsonNode converted, String mode) {
        for (JsonNode c : converted) {
            if (c.get("mode").asString().equals(mode)) {
                return c;
            }
        }
        throw new AssertionError("no " + mode + " in " + converted);
    }

    @Test
    void riskIsTheDrawdownOfTheCumulativeClosedProfitPerGroupAndBot() {
        List<BotDirect.T> trades = fleetTrades();
        awaitPerformance(trades);
        Map<Long, Double> starts = new HashMap<>();
        adminView().forEach(b -> starts.put(b.botId, b.startingCapital()));
        JsonNode data = api.get("/api/v1/analytics/risk", admin).json().get("data");
        double worst = 0;
        for (Map.Entry<Key, List<BotDirect.T>> e : byKey(trades).entrySet()) {
            double start = e.getValue().stream().map(BotDirect.T::botId).distinct().mapToDouble(starts::get).sum();
            double[] dd = drawdown(e.getValue(), start);
            JsonNode g = group(data.get("groups"), e.getKey().stake(), e.getKey().dry());
            assertThat(g.get("starting_balance").asDouble()).isCloseTo(start, within(EPS));
            assertThat(g.get("max_drawdown_abs").asDouble()).isCloseTo(dd[0], within(EPS));
            assertThat(g.get("max_drawdown_relative").asDouble()).isCloseTo(dd[1], within(EPS));
            worst = Math.max(worst, dd[1]);
        }
        assertThat(data.get("max_drawdown").asDouble()).isCloseTo(worst, within(EPS));
    }

    /** [abs, relative]: largest fall of cumulative profit from its high (starting at 0), and fall / (start + high). */
    static double[] drawdown(List<BotDirect.T> inCloseOrder, double start) {
        double cum = 0;
        double high = 0;
        double abs = 0;
        double rel = 0;
        for (BotDirect.T t : inCloseOrder) {
            cum += t.profitAbs();
            high = Math.max(high, cum);
            abs = Math.max(abs, high - cum);
            rel = Math.max(rel, (high - cum) / (start + high));
        }
        return new double[] { abs, rel };
    }

    @Test
    void equityCurvesArePerBotAndPerCurrencyAndModeOverTheRangeWithTheStep() {
        List<BotDirect.T> trades = fleetTrades();
        awaitPerformance(trades);
        long first = trades.get(0).closeMs();
        long last = trades.get(trades.size() - 1).closeMs();
        Instant from = Instant.ofEpochMilli(first - 1000);
        Instant to = Instant.ofEpochMilli(last + 1000);
        JsonNode r = api.get("/api/v1/analytics/equity?from=" + from + "&to=" + to + "&step=2s", admin).json();
        assertThat(r.get("step_seconds").asLong()).isEqualTo(2);
        for (Map.Entry<Key, List<BotDirect.T>> e : byKey(trades).entrySet()) {
            JsonNode g = group(r.get("fleet"), e.getKey().stake(), e.getKey().dry());
            checkCurve(g.get("points"), e.getValue(), from, to);
        }
        for (BotDirect b : adminView()) {
            JsonNode curve = null;
            for (JsonNode c : r.get("bots")) {
                if (c.get("bot_id").asLong() == b.botId) {
                    curve = c;
                }
            }
            assertThat(curve).as("curve of bot " + b.botId).isNotNull();
            assertThat(curve.get("stake_currency").asString()).isEqualTo(b.stake);
            assertThat(curve.get("starting_balance").asDouble()).isCloseTo(b.startingCapital(), within(EPS));
            checkCurve(curve.get("points"), trades.stream().filter(t -> t.botId() == b.botId).toList(), from, to);
        }
        assertThat(api.get("/api/v1/analytics/equity?from=" + to + "&to=" + from, admin).status()).isEqualTo(422);
        assertThat(api.get("/api/v1/analytics/equity?step=1s&from=2020-01-01T00:00:00Z", admin).status())
                .isEqualTo(422);
    }

    static void checkCurve(JsonNode points, List<BotDirect.T> trades, Instant from, Instant to) {
        long expected = (to.toEpochMilli() - from.toEpochMilli()) / 2000 + 1;
        assertThat(points).hasSize((int) expected);
        for (int i = 0; i < points.size(); i++) {
            long at = from.toEpochMilli() + i * 2000L;
            assertThat(Instant.parse(points.get(i).get("at").asString()).toEpochMilli()).isEqualTo(at);
            double cum = trades.stream().filter(t -> t.closeMs() <= at).mapToDouble(BotDirect.T::profitAbs).sum();
            long n = trades.stream().filter(t -> t.closeMs() <= at).count();
            assertThat(points.get(i).get("cumulative_profit").asDouble()).isCloseTo(cum, within(EPS));
            assertThat(points.get(i).get("trades").asLong()).isEqualTo(n);
        }
    }

    @Test
    void portfolioGroupsTheBotsOwnBalancesAndNeverAddsCurrencies() {
        awaitPerformance(fleetTrades());
        Map<Key, Integer> counts = new HashMap<>();
        adminView().forEach(b -> counts.merge(new Key(b.stake, b.dry), 1, Integer::sum));
        // The portfolio is built from the last poll while the dry-run bots go on trading, so one direct read can be a
        // trade ahead of it: wait for a direct read and the portfolio that agree, then hold them to the exact sums.
        Balances seen = Await.until(() -> new Balances(directTotals(),
                api.get("/api/v1/analytics/portfolio", admin).json()), Balances::agree, Duration.ofSeconds(20));
        JsonNode r = seen.portfolio();
        assertThat(r.get("portfolio_value").isNull()).isTrue();
        seen.totals().forEach((key, total) -> {
            JsonNode g = group(r.get("assets"), key.stake(), key.dry());
            assertThat(g.get("balance_total").asDouble()).isCloseTo(total, within(EPS));
            assertThat(g.get("bots").asInt()).isEqualTo(counts.get(key));
        });
        JsonNode live = modeOf(r.get("data").get("converted"), "live");
        assertThat(live.get("total").asDouble()).isCloseTo(seen.totals().get(new Key("USDT", false))
                + seen.totals().get(new Key("BTC", false)) * BTC_RATE, within(1e-6));
    }

    Map<Key, Double> directTotals() {
        Map<Key, Double> totals = new HashMap<>();
        adminView().forEach(b -> totals.merge(new Key(b.stake, b.dry), b.balanceTotal(), Double::sum));
        return totals;
    }

    /** The bots' own balances read directly, and the server's portfolio read right after. */
    record Balances(Map<Key, Double> totals, JsonNode portfolio) {

        boolean agree() {
            JsonNode assets = portfolio.get("assets");
            if (assets.size() != totals.size()) {
                return false;
            }
            for (Map.Entry<Key, Double> e : totals.entrySet()) {
                for (JsonNode g : assets) {
                    if (g.get("stake_currency").asString().equals(e.getKey().stake())
                            && g.get("dry_run").asBoolean() == e.getKey().dry()
                            && Math.abs(g.get("balance_total").asDouble() - e.getValue()) > EPS) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    @Test
    void usersSeeOnlyTheirOwnBotsAndAnotherUsersBotIsNotFound() {
        awaitPerformance(fleetTrades());
        List<BotDirect.T> own = othersBot.closedTrades();
        JsonNode mine = Await.until(() -> api.get("/api/v1/analytics/performance?timeframe=30d", operator).json(),
                r -> r.get("data").get("total_trades").asInt() == own.size(), Duration.ofSeconds(20));
        assertThat(mine.get("data").get("groups")).hasSize(1);
        assertThat(mine.get("data").get("groups").get(0).get("profit_abs").asDouble())
                .isCloseTo(own.stream().mapToDouble(BotDirect.T::profitAbs).sum(), within(EPS));
        for (String route : List.of("performance", "profit", "risk", "equity")) {
            Api.Response r = api.get("/api/v1/analytics/" + route + "?bot_id=" + fleet.get(0).botId, operator);
            assertThat(r.status()).as(route).isEqualTo(404);
            assertThat(r.header("content-type")).startsWith("application/problem+json");
        }
        assertThat(api.get("/api/v1/analytics/portfolio", operator).json().get("assets")).hasSize(1);
        assertThat(api.get("/api/v1/analytics/performance", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/analytics/performance?bot_id=abc", admin).status()).isEqualTo(422);
    }

    @Test
    void marketPriceIsWhatABotLastReportedAndUnknownCoinsAre404() {
        awaitPerformance(fleetTrades());
        Map<String, Set<Double>> rates = new HashMap<>();
        for (BotDirect b : List.of(fleet.get(0), fleet.get(1), othersBot)) {
            for (JsonNode t : b.get("/status")) {
                rates.computeIfAbsent(t.get("pair").asString(), k -> new java.util.HashSet<>())
                        .add(t.get("current_rate").asDouble());
            }
        }
        Map<String, String> ids = Map.of("ETH/USDT", "ethereum", "SOL/USDT", "solana", "XRP/USDT", "ripple",
                "ADA/USDT", "cardano");
        for (Map.Entry<String, String> e : ids.entrySet()) {
            Api.Response r = api.get("/api/v1/analytics/market?symbol=" + e.getValue(), admin);
            if (rates.containsKey(e.getKey())) {
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(r.json().get("data").get("pair").asString()).isEqualTo(e.getKey());
                assertThat(rates.get(e.getKey())).contains(r.json().get("data").get("price").asDouble());
                assertThat(r.json().get("data").get("at").asString()).isNotBlank();
            }
        }
        assertThat(rates).as("some open USDT trade to price").isNotEmpty();
        Api.Response unknown = api.get("/api/v1/analytics/market?symbol=dogecoin", admin);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asString()).isEqualTo("price_unknown");
        assertThat(api.get("/api/v1/analytics/market?symbol=bit%20coin", admin).status()).isEqualTo(422);
    }

    @Test
    void dashboardAndMonitoringBotStatisticsComeFromTheSameLedger() {
        List<BotDirect.T> trades = fleetTrades();
        awaitPerformance(trades);
        JsonNode dash = api.get("/api/v1/analytics/dashboard", admin).json();
        assertThat(dash.get("performance").get("total_trades").asInt()).isEqualTo(trades.size() + 1); // 30d: the archive too
        JsonNode stats = api.get("/api/v1/monitoring/monitoring/bots", admin).json().get("bot_statistics");
        assertThat(stats.get("total_bots").asInt()).isEqualTo(6);
        assertThat(stats.get("closed_trades").asInt()).isEqualTo(trades.size() + 1);
        byKey(trades).forEach((key, list) -> {
            JsonNode p = group(stats.get("profit_stats"), key.stake(), key.dry());
            double sum = list.stream().mapToDouble(BotDirect.T::profitAbs).sum();
            assertThat(p.get("total_profit").asDouble()).isCloseTo(sum, within(EPS));
            Map<Long, Double> perBot = new HashMap<>();
            list.forEach(t -> perBot.merge(t.botId(), t.profitAbs(), Double::sum));
            assertThat(p.get("max_profit").asDouble()).isCloseTo(
                    perBot.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow(), within(EPS));
            assertThat(p.get("min_profit").asDouble()).isCloseTo(
                    perBot.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow(), within(EPS));
        });
        JsonNode own = api.get("/api/v1/monitoring/monitoring/bots", operator).json().get("bot_statistics");
        assertThat(own.get("total_bots").asInt()).isEqualTo(1);
    }

}
