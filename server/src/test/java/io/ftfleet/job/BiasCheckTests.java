package io.ftfleet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Lookahead and recursive analysis as jobs against the simulator, and what a strategy version shows of them. */
@FullStackTest
class BiasCheckTests {

    private static final String BIASED = "PeeksAhead";
    private static final String CLEAN = "LooksBack";

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
        registry.add("ftfleet.jobs.poll-interval", () -> "100ms");
        registry.add("ftfleet.jobs.concurrency", () -> "2");
    }

    @LocalServerPort
    int port;
    Api api;
    static String operator;

    static String strategy(String name, String entryCondition) {
        return """
                from pandas import DataFrame
                import talib.abstract as ta
                from freqtrade.strategy import IStrategy


                class %s(IStrategy):
                    INTERFACE_VERSION = 3
                    timeframe = "5m"
                    minimal_roi = {"0": 0.04}
                    stoploss = -0.10
                    startup_candle_count = 30

                    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                        dataframe['ema'] = ta.EMA(dataframe, timeperiod=50)
                        return dataframe

                    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                        dataframe.loc[%s, 'enter_long'] = 1
                        return dataframe

                    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                        return dataframe
                """.formatted(name, entryCondition);
    }

    @BeforeEach
    void setUp() {
        api = new Api(port);
        if (operator == null) {
            operator = api.tokenFor("researcher", "operator");
            JsonMapper json = JsonMapper.builder().build();
            for (String[] s : List.of(new String[] { BIASED, "dataframe['close'].shift(-1) > dataframe['close']" },
                    new String[] { CLEAN, "dataframe['close'].shift(1) < dataframe['close']" })) {
                Api.Response created = api.postJson("/api/v1/strategies/", operator, "{\"code\":"
                        + json.writeValueAsString(strategy(s[0], s[1])) + "}");
                assertThat(created.status()).as(created.body()).isEqualTo(201);
            }
        }
    }

    long submit(String kind, String strategy, String extra) {
        String timerange = LocalDate.now(ZoneOffset.UTC).minusDays(6).format(DateTimeFormatter.BASIC_ISO_DATE) + "-"
                + LocalDate.now(ZoneOffset.UTC).minusDays(1).format(DateTimeFormatter.BASIC_ISO_DATE);
        Api.Response r = api.postJson("/api/v1/jobs", operator, "{\"kind\":\"" + kind + "\",\"params\":{"
                + "\"strategy_name\":\"" + strategy + "\",\"exchange\":\"binance\",\"pairs\":[\"BTC/USDT\",\"ETH/USDT\"],"
                + "\"timeframe\":\"5m\",\"timerange\":\"" + timerange + "\"" + extra + "}}");
        assertThat(r.status()).as(r.body()).isIn(200, 201, 202);
        return r.json().get("id").asLong();
    }

    JsonNode awaitEnd(long id) {
        return Await.until(() -> api.get("/api/v1/jobs/" + id, operator).json(),
                j -> List.of("completed", "failed", "cancelled").contains(j.get("status").asString()),
                Duration.ofSeconds(120));
    }

    @Test
    void lookaheadAnalysisReportsAnEntrySignalThatReadsTheNextCandleAsBiasedAndACleanOneNot() {
        String few = ",\"minimum_trade_amount\":2,\"targeted_trade_amount\":5";
        long biased = submit("lookahead_analysis", BIASED, few);
        long clean = submit("lookahead_analysis", CLEAN, few);

        JsonNode b = awaitEnd(biased);
        assertThat(b.get("status").asString()).as(b.toString()).isEqualTo("completed");
        assertThat(b.get("summary").get("biased").asBoolean()).isTrue();
        assertThat(b.get("summary").get("biased_entry_signals").asInt()).isPositive()
                .isEqualTo(b.get("summary").get("total_signals").asInt());
        assertThat(b.get("summary").get("biased_exit_signals").asInt()).isZero();
        assertThat(b.get("summary").get("signals").get(0).get("signal").asString()).isEqualTo("entry");
        assertThat(b.get("summary").get("signals").get(0).get("biased").asBoolean()).isTrue();

        JsonNode c = awaitEnd(clean);
        assertThat(c.get("status").asString()).as(c.toString()).isEqualTo("completed");
        assertThat(c.get("summary").get("biased").asBoolean()).isFalse();
        assertThat(c.get("summary").get("biased_entry_signals").asInt()).isZero();

        // the version shows its latest bias check (and that it was never backtested)
        JsonNode research = api.get("/api/v1/strategies/" + BIASED + "/versions/1/research", operator).json();
        assertThat(research.get("lookahead_analysis").get("job_id").asLong()).isEqualTo(biased);
        assertThat(research.get("lookahead_analysis").get("biased").asBoolean()).isTrue();
        assertThat(research.get("backtest").isNull()).isTrue();
        assertThat(api.postJson("/api/v1/jobs", operator, "{\"kind\":\"lookahead_analysis\",\"params\":{"
                + "\"strategy_name\":\"" + CLEAN + "\",\"pairs\":[\"BTC/USDT\"]}}").status()).isEqualTo(422);
    }

    @Test
    void recursiveAnalysisReportsTheVarianceOfARecursiveIndicatorPerStartupCount() {
        long id = submit("recursive_analysis", CLEAN, ",\"startup_candles\":[199,999,1999]");
        JsonNode job = awaitEnd(id);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        JsonNode summary = job.get("summary");
        assertThat(summary.get("biased").asBoolean()).isTrue();
        assertThat(summary.get("startup_candles").toString()).isEqualTo("[30,199,999,1999]");
        JsonNode ema = summary.get("indicators").get(0);
        assertThat(ema.get("name").asString()).isEqualTo("ema");
        assertThat(ema.get("variance").get("199").asString()).endsWith("%");
        assertThat(ema.get("variance").has("1999")).isFalse();

        JsonNode research = api.get("/api/v1/strategies/" + CLEAN + "/versions/1/research", operator).json();
        assertThat(research.get("recursive_analysis").get("job_id").asLong()).isEqualTo(id);
        assertThat(research.get("recursive_analysis").get("summary").get("indicators").size()).isEqualTo(1);
    }
}
