package io.ftfleet.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Golden;
import io.ftfleet.support.Golden.Rules;

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
 * The wire shape of every analytics and monitoring route, against golden files captured from the code that built
 * these answers as maps: keys and their order, nesting, null vs absent, int vs double and every deterministic value.
 * The ledger, starting balances, live figures and prices are seeded directly (three groups: USDT dry with a known
 * start, BTC live with a configured rate and no start, EUR dry with no rate), so the figures are the same every run.
 */
@FullStackTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsGoldenTests {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        // nothing in the background touches the seeded figures during the test
        registry.add("ftfleet.analytics.sync-interval", () -> "1h");
        registry.add("ftfleet.fleet.poll-interval", () -> "1h");
        registry.add("ftfleet.analytics.cache-ttl", () -> "0s");
        registry.add("ftfleet.analytics.host-sample-interval", () -> "200ms");
        registry.add("ftfleet.analytics.rates.BTC", () -> "65000");
        registry.add("ftfleet.auth.rate-limit.enabled", () -> "false");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TradeLedger ledger;
    @Autowired
    LiveFigures live;
    @Autowired
    PriceHistory prices;

    Api api;
    String admin;
    long usdt;
    long btc;
    long eur;
    /** Whole hour before now: every seeded time is relative to it, so each lands in the same period every run. */
    Instant base;

    @BeforeAll
    void seed() {
        api = new Api(port);
        admin = api.adminToken();
        usdt = bot("golden-usdt", "USDT", true);
        btc = bot("golden-btc", "BTC", false);
        eur = bot("golden-eur", "EUR", true);
        base = Instant.now().truncatedTo(ChronoUnit.HOURS);
        // Each bot's trades in one whole hour (in close order): the profit routes group by UTC day by default, and
        // trades hours apart would fall on two days when the test runs shortly after midnight UTC.
        trade(usdt, 1, "ETH/USDT", "USDT", true, 100, 12.5, 0.125, 3, 10);
        trade(usdt, 2, "SOL/USDT", "USDT", true, 100, -4.0, -0.04, 3, 20);
        trade(usdt, 3, "ETH/USDT", "USDT", true, 50, 0.0, 0.0, 3, 30);
        trade(btc, 1, "ETH/BTC", "BTC", false, 0.01, 0.002, 0.2, 2, 10);
        trade(btc, 2, "ETH/BTC", "BTC", false, 0.01, -0.001, -0.1, 2, 20);
        trade(eur, 1, "ETH/EUR", "EUR", true, 10, 7, 0.7, 3);
        ledger.saveState(usdt, 1, 1000.0, base, null);
        Instant at = base.minus(Duration.ofMinutes(30));
        live.put(new LiveFigures.Figures(usdt, "USDT", true, 1008.5, 1000, "", 0, Map.of(), List.of(), at));
        live.put(new LiveFigures.Figures(btc, "BTC", false, 1.001, 1, "", 0, Map.of(), List.of(), at));
        prices.record("BTC/USDT", 60000, base.minus(Duration.ofHours(24)).minus(Duration.ofMinutes(10)));
        prices.record("BTC/USDT", 63000, base.minus(Duration.ofMinutes(5)));
    }

    long bot(String name, String stake, boolean dry) {
        return api.postJson("/api/v1/bots/", admin, "{\"name\":\"" + name + "\",\"strategy_name\":\"SampleStrategy\","
                + "\"exchange\":\"kraken\",\"stake_currency\":\"" + stake + "\",\"stake_amount\":10,\"dry_run\":" + dry
                + ",\"runtime\":\"external\",\"external_url\":\"http://127.0.0.1:9\",\"external_username\":\"x\","
                + "\"external_password\":\"y\"}").json().get("id").asLong();
    }

    void trade(long bot, int id, String pair, String stake, boolean dry, double amount, double profit, double ratio,
            int hoursBeforeBase) {
        trade(bot, id, pair, stake, dry, amount, profit, ratio, hoursBeforeBase, 10);
    }

    /** Closed {@code minutes} into the whole hour that starts {@code hoursBeforeBase} before the base hour. */
    void trade(long bot, int id, String pair, String stake, boolean dry, double amount, double profit, double ratio,
            int hoursBeforeBase, int minutes) {
        long close = base.minus(Duration.ofHours(hoursBeforeBase)).plus(Duration.ofMinutes(minutes)).toEpochMilli();
        jdbc.update("INSERT INTO analytics_closed_trades (bot_id, trade_id, pair, stake_currency, dry_run, "
                + "stake_amount, profit_abs, profit_ratio, open_ms, close_ms) VALUES (?,?,?,?,?,?,?,?,?,?)", bot, id,
                pair, stake, dry, amount, profit, ratio, close - 600_000, close);
    }

    JsonNode get(String path) {
        Api.Response r = api.get(path, admin);
        assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void analyticsRoutesKeepTheirWireShape() {
        Rules exact = Rules.EXACT;
        Golden.assertShape("analytics/test", get("/api/v1/analytics/test"), exact);
        Golden.assertShape("analytics/performance", get("/api/v1/analytics/performance?timeframe=7d"), exact);
        Golden.assertShape("analytics/performance-one-bot",
                get("/api/v1/analytics/performance?bot_id=" + usdt + "&top=1"), exact);
        Golden.assertShape("analytics/profit", get("/api/v1/analytics/profit?period=hourly"), exact);
        Golden.assertShape("analytics/profit-one-bot", get("/api/v1/analytics/profit?bot_id=" + btc), exact);
        Golden.assertShape("analytics/risk", get("/api/v1/analytics/risk"), exact);
        Golden.assertShape("analytics/portfolio", get("/api/v1/analytics/portfolio"), exact);
        Golden.assertShape("analytics/portfolio-eur", get("/api/v1/analytics/portfolio?reporting_currency=EUR"),
                exact);
        Golden.assertShape("analytics/market", get("/api/v1/analytics/market?symbol=bitcoin"), exact);
        Golden.assertShape("analytics/equity", get("/api/v1/analytics/equity?from=" + base.minus(Duration.ofHours(6))
                + "&to=" + base.plus(Duration.ofHours(1)) + "&step=2h"), exact);
        Golden.assertShape("analytics/dashboard", get("/api/v1/analytics/dashboard"), exact);
    }

    @Test
    void monitoringRoutesKeepTheirWireShape() {
        // the first host sample has no CPU usage yet (nothing to compare with); the shape is that of a later one
        Await.until(() -> get("/api/v1/monitoring/monitoring/metrics"),
                m -> !m.get("system_metrics").get("cpu").get("usage_percent").isNull(), Duration.ofSeconds(10));
        Rules host = Rules.loose("system_metrics", "details", "status", "overall_status")
                .dynamic("status_distribution", "poll_status_distribution");
        Golden.assertShape("monitoring/test", get("/api/v1/monitoring/monitoring/test"), host);
        Golden.assertShape("monitoring/status", get("/api/v1/monitoring/monitoring/status"), host);
        Golden.assertShape("monitoring/health", get("/api/v1/monitoring/monitoring/health"), host);
        Golden.assertShape("monitoring/metrics", get("/api/v1/monitoring/monitoring/metrics"), host);
        Golden.assertShape("monitoring/bots", get("/api/v1/monitoring/bots"), host);
    }
}
