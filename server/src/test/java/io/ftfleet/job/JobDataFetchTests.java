package io.ftfleet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/** Jobs that read candles download what is missing first, once, under the candle-file locks. */
@FullStackTest
class JobDataFetchTests {

    private static final String STRATEGY = "FetchStrat";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
        registry.add("ftfleet.jobs.poll-interval", () -> "100ms");
        registry.add("ftfleet.jobs.concurrency", () -> "2");
    }

    @LocalServerPort
    int port;
    @Autowired
    Candles candles;
    @Autowired
    JobWorker worker;
    @Autowired
    ConfigurableApplicationContext context;
    Api api;
    static String operator;
    static final List<JobEvents.Progress> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        api = new Api(port);
        if (operator == null) {
            operator = api.tokenFor("fetcher", "operator");
            assertThat(api.postJson("/api/v1/strategies/", operator, StrategyFixtures.body(STRATEGY)).status())
                    .isEqualTo(201);
            context.addApplicationListener((ApplicationListener<PayloadApplicationEvent<?>>) e -> {
                if (e.getPayload() instanceof JobEvents.Progress p) {
                    progress.add(p);
                }
            });
        }
    }

    static String lastDays(int from, int to) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return today.minusDays(from).format(DAY) + "-" + today.minusDays(to).format(DAY);
    }

    JsonNode awaitEnd(long id) {
        return Await.until(() -> api.get("/api/v1/jobs/" + id, operator).json(),
                j -> List.of("completed", "failed", "cancelled").contains(j.get("status").asString()),
                Duration.ofSeconds(120));
    }

    @Test
    void aBacktestOnTheOriginalRouteWithNoCandlesDownloadsThemFirstAndCompletes() {
        Api.Response submitted = api.postJson("/api/v1/strategies/backtest", operator, "{\"strategy_name\":\""
                + STRATEGY + "\",\"exchange\":\"binance\",\"pairs\":[\"BTC/USDT\",\"ETH/USDT\"],\"timeframe\":\"5m\","
                + "\"timerange\":\"" + lastDays(4, 1) + "\"}");
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        long id = submitted.json().get("id").asLong();

        JsonNode job = awaitEnd(id);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        assertThat(job.get("summary").get("trades").asInt()).isPositive();
        assertThat(progress.stream().filter(p -> p.jobId() == id).map(JobEvents.Progress::phase))
                .contains("downloading data");
        assertThat(Files.isRegularFile(worker.marketData().resolve("binance/BTC_USDT-5m.json"))).isTrue();
        assertThat(Files.isRegularFile(worker.marketData().resolve("binance/ETH_USDT-5m.json"))).isTrue();
        assertThat(api.get("/api/v1/jobs/" + id + "/log", operator).body()).contains("download-data");

        // everything is on disk now: the next run downloads nothing
        long before = candles.downloads();
        long again = api.postJson("/api/v1/backtests", operator, "{\"strategy_name\":\"" + STRATEGY + "\","
                + "\"exchange\":\"binance\",\"pairs\":[\"BTC/USDT\"],\"timeframe\":\"5m\",\"timerange\":\""
                + lastDays(3, 2) + "\"}").json().get("id").asLong();
        assertThat(awaitEnd(again).get("status").asString()).isEqualTo("completed");
        assertThat(candles.downloads()).isEqualTo(before);
    }

    @Test
    void withDownloadMissingFalseAJobLackingCandlesIsRefusedWithDataMissingNamingThem() {
        Api.Response refused = api.postJson("/api/v1/backtests", operator, "{\"strategy_name\":\"" + STRATEGY
                + "\",\"exchange\":\"binance\",\"pairs\":[\"SOL/USDT\"],\"timeframe\":\"1h\",\"download_missing\":false}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("data_missing");
        assertThat(refused.text("detail")).contains("SOL/USDT 1h");
        assertThat(refused.json().get("missing").get(0).get("pair").asString()).isEqualTo("SOL/USDT");
        assertThat(refused.json().get("missing").get(0).get("timeframe").asString()).isEqualTo("1h");
        assertThat(api.postJson("/api/v1/backtests", operator, "{\"strategy_name\":\"" + STRATEGY
                + "\",\"pairs\":[\"SOL/USDT\"],\"download_missing\":\"no\"}").status()).isEqualTo(422);
    }

    @Test
    void twoConcurrentJobsNeedingTheSameCandlesDownloadThemOnce() {
        long before = candles.downloads();
        String body = "{\"strategy_name\":\"" + STRATEGY + "\",\"exchange\":\"binance\",\"pairs\":[\"XRP/USDT\","
                + "\"ADA/USDT\"],\"timeframe\":\"15m\",\"timerange\":\"" + lastDays(6, 1) + "\"}";
        long a = api.postJson("/api/v1/backtests", operator, body).json().get("id").asLong();
        long b = api.postJson("/api/v1/backtests", operator, body).json().get("id").asLong();

        assertThat(awaitEnd(a).get("status").asString()).isEqualTo("completed");
        assertThat(awaitEnd(b).get("status").asString()).isEqualTo("completed");
        assertThat(candles.downloads() - before).isEqualTo(1);
    }
}
