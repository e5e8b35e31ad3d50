package io.ftfleet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job queue end to end: real HTTP, real simulator processes (launched like freqtrade), one server context.
 * Jobs run one at a time (the default concurrency 1), so every test waits for its own jobs to end.
 */
@FullStackTest
class JobQueueTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String STRATEGY = "JobStrat";

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
        registry.add("ftfleet.jobs.poll-interval", () -> "100ms");
        registry.add("ftfleet.jobs.heartbeat-interval", () -> "1s");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JobRecovery recovery;
    Api api;
    static String operator;
    static boolean dataReady;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        if (operator == null) {
            operator = api.tokenFor("jobber", "operator");
            assertThat(api.postJson("/api/v1/strategies/", operator, StrategyFixtures.body(STRATEGY)).status())
                    .isEqualTo(201);
        }
        if (!dataReady) {
            JsonNode download = api.postJson("/api/v1/data/download", operator,
                    "{\"exchanges\":[\"binance\"],\"pairs\":[\"BTC/USDT\",\"ETH/USDT\"],\"days\":10,"
                            + "\"timeframes\":[\"5m\",\"1h\"]}").json();
            JsonNode job = awaitEnd(download.get("job_ids").get(0).asLong(), operator);
            assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
            dataReady = true;
        }
    }

    @Test
    void downloadedCandlesAreListedFromTheFilesOnDisk() {
        JsonNode data = api.get("/api/v1/data/", operator).json();
        JsonNode btc5m = find(data, e -> e.get("pair").asString().equals("BTC/USDT")
                && e.get("timeframe").asString().equals("5m") && e.get("exchange").asString().equals("binance"));
        assertThat(btc5m).as(data.toString()).isNotNull();
        assertThat(btc5m.get("candle_type").asString()).isEqualTo("spot");
        assertThat(btc5m.get("format").asString()).isEqualTo("json");
        // 10 days of 5m candles, give or take the candle in progress.
        assertThat(btc5m.get("candles").asLong()).isBetween(10L * 288 - 2, 10L * 288 + 1);
        Instant first = Instant.parse(btc5m.get("first_candle").asString());
        Instant last = Instant.parse(btc5m.get("last_candle").asString());
        assertThat(Duration.between(first, last).toMinutes()).isEqualTo((btc5m.get("candles").asLong() - 1) * 5);
        assertThat(find(data, e -> e.get("pair").asString().equals("ETH/USDT")
                && e.get("timeframe").asString().equals("1h"))).isNotNull();
    }

    @Test
    void backtestGoesFromQueuedThroughProgressToAParsedSummaryAndTheOwnerIsToldOnTheStream() throws Exception {
        Stream stream = Stream.open(port, operator);
        Api.Response submitted = api.postJson("/api/v1/backtests", operator, backtest("\"stake_amount\": 100,"
                + "\"dry_run_wallet\": 2000"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        long id = submitted.json().get("id").asLong();
        assertThat(submitted.header("Location")).isEqualTo("/api/v1/backtests/" + id);
        assertThat(submitted.json().get("status").asString()).isIn("queued", "running");

        JsonNode job = awaitEnd(id, operator);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        assertThat(job.get("exit_code").asInt()).isZero();
        assertThat(job.get("progress").get("percent").asDouble()).isEqualTo(100.0);
        JsonNode summary = job.get("summary");
        assertThat(summary.get("strategy").asString()).isEqualTo(STRATEGY);
        assertThat(summary.get("starting_balance").asDouble()).isEqualTo(2000.0);
        assertThat(summary.get("trades").asInt()).isPositive();
        assertThat(summary.get("wins").asInt() + summary.get("draws").asInt() + summary.get("losses").asInt())
                .isEqualTo(summary.get("trades").asInt());
        assertThat(summary.get("profit_pct").asDouble())
                .isCloseTo(summary.get("profit_abs").asDouble() / 2000 * 100, org.assertj.core.data.Offset.offset(0.01));
        assertThat(summary.get("max_drawdown_account_pct").isNumber()).isTrue();
        assertThat(summary.has("sharpe")).isTrue();
        assertThat(summary.get("pairs").size()).isEqualTo(2);
        int perPairTrades = 0;
        for (JsonNode pair : summary.get("pairs")) {
            perPairTrades += pair.get("trades").asInt();
        }
        assertThat(perPairTrades).isEqualTo(summary.get("trades").asInt());

        // The full result is kept and is Freqtrade's own stats file.
        JsonNode full = api.get("/api/v1/backtests/" + id + "/result", operator).json();
        assertThat(full.get("strategy").get(STRATEGY).get("total_trades").asInt()).isEqualTo(summary.get("trades").asInt());
        // The original's S10 route shows the same run in the JobResult shape.
        JsonNode legacy = api.get("/api/v1/strategies/backtest/results/" + id, operator).json();
        assertThat(legacy.get("strategy_name").asString()).isEqualTo(STRATEGY);
        assertThat(legacy.get("results").get("trades").asInt()).isEqualTo(summary.get("trades").asInt());
        assertThat(legacy.get("bot_config").get("stake_amount").asString()).isEqualTo("100");
        // The log of the run is readable, with the command that ran.
        JsonNode log = api.get("/api/v1/jobs/" + id + "/log?lines=500", operator).json();
        assertThat(log.get("lines").get(0).asString()).contains("backtesting").contains("--cache none");

        JsonNode progress = stream.next(m -> m.get("type").asString().equals("job.progress")
                && m.get("data").get("job_id").asLong() == id);
        assertThat(progress).isNotNull();
        JsonNode finished = stream.next(m -> m.get("type").asString().equals("job.finished")
                && m.get("data").get("job_id").asLong() == id);
        assertThat(finished).isNotNull();
        assertThat(finished.get("data").get("status").asString()).isEqualTo("completed");
        stream.close();
    }

    @Test
    void backtestsAreComparedSideBySide() {
        long a = api.postJson("/api/v1/backtests", operator, backtest("\"pairs\": [\"BTC/USDT\"]")).json().get("id")
                .asLong();
        long b = api.postJson("/api/v1/backtests", operator, backtest("\"dry_run_wallet\": 5000")).json().get("id")
                .asLong();
        JsonNode ja = awaitEnd(a, operator);
        JsonNode jb = awaitEnd(b, operator);
        assertThat(ja.get("status").asString()).isEqualTo("completed");
        assertThat(jb.get("status").asString()).isEqualTo("completed");

        Api.Response r = api.get("/api/v1/backtests/compare?ids=" + a + "," + b, operator);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode cmp = r.json();
        assertThat(cmp.get("runs").size()).isEqualTo(2);
        assertThat(cmp.get("runs").get(0).get("id").asLong()).isEqualTo(a);
        assertThat(cmp.get("runs").get(0).get("profit_abs").asDouble())
                .isEqualTo(ja.get("summary").get("profit_abs").asDouble());
        assertThat(cmp.get("runs").get(1).get("dry_run_wallet").asString()).isEqualTo("5000");
        long bestProfit = ja.get("summary").get("profit_abs").asDouble() >= jb.get("summary").get("profit_abs")
                .asDouble() ? a : b;
        assertThat(cmp.get("best").get("profit_abs").asLong()).isEqualTo(bestProfit);
        assertThat(api.get("/api/v1/backtests/compare?ids=" + a, operator).status()).isEqualTo(422);
    }

    @Test
    void hyperoptFindsTheBestEpochAndItsParameters() {
        Api.Response r = api.postJson("/api/v1/hyperopt/", operator, "{\"strategy_name\":\"" + STRATEGY
                + "\",\"pairs\":[\"BTC/USDT\",\"ETH/USDT\"],\"timeframe\":\"5m\",\"epochs\":30,\"spaces\":\"buy sell\","
                + "\"loss\":\"SharpeHyperOptLoss\",\"min_trades\":2}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isIn("queued", "running");
        long id = r.json().get("id").asLong();
        JsonNode job = awaitEnd(id, operator);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        assertThat(job.get("progress").get("done").asInt()).isEqualTo(30);
        assertThat(job.get("progress").get("total").asInt()).isEqualTo(30);
        JsonNode result = api.get("/api/v1/hyperopt/results/" + id, operator).json().get("results");
        assertThat(result.get("epochs").asInt()).isEqualTo(30);
        assertThat(result.get("best_epoch").asInt()).isBetween(1, 30);
        assertThat(result.get("params").get("buy").get("buy_rsi").isInt()).isTrue();
        assertThat(result.get("params").get("sell").get("sell_rsi").isInt()).isTrue();
        assertThat(result.get("metrics").get("trades").asInt()).isGreaterThanOrEqualTo(2);
        // Only flags Freqtrade has.
        String command = api.get("/api/v1/jobs/" + id + "/log", operator).json().get("lines").get(0).asString();
        assertThat(command).contains("--epochs 30", "--spaces buy sell", "--hyperopt-loss SharpeHyperOptLoss",
                "--min-trades 2").doesNotContain("--non-interactive", "--json");
        assertThat(api.get("/api/v1/hyperopt/results", operator).json().get(0).get("id").asLong()).isEqualTo(id);
    }

    @Test
    void cancelKillsTheRunningProcessTree() throws Exception {
        long id = api.postJson("/api/v1/hyperopt/", operator, hyperopt(100000)).json().get("id").asLong();
        JsonNode running = await(id, operator, j -> j.get("pid").isNumber()
                && j.get("progress").get("done").isNumber());
        long pid = running.get("pid").asLong();
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        assertThat(process.isAlive()).isTrue();

        Api.Response cancelled = api.postJson("/api/v1/jobs/" + id + "/cancel", operator, "{}");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
        process.onExit().get(5, TimeUnit.SECONDS);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(api.postJson("/api/v1/jobs/" + id + "/cancel", operator, "{}").status()).isEqualTo(409);
    }

    @Test
    void concurrencyLimitRunsOneJobAtATimeAndQueuedOnesAllFinish() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.postJson("/api/v1/hyperopt/", operator, hyperopt(150)).json().get("id").asLong());
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        boolean sawQueuedWhileRunning = false;
        while (System.nanoTime() < deadline) {
            int runningNow = 0;
            int queuedNow = 0;
            int ended = 0;
            for (long id : ids) {
                String status = api.get("/api/v1/jobs/" + id, operator).json().get("status").asString();
                runningNow += status.equals("running") ? 1 : 0;
                queuedNow += status.equals("queued") ? 1 : 0;
                ended += status.equals("completed") ? 1 : 0;
            }
            assertThat(runningNow).isLessThanOrEqualTo(1);
            sawQueuedWhileRunning |= runningNow == 1 && queuedNow > 0;
            if (ended == 3) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(sawQueuedWhileRunning).isTrue();
        // The processes themselves never overlapped.
        List<JsonNode> jobs = ids.stream().map(id -> awaitEnd(id, operator)).toList();
        for (int i = 1; i < jobs.size(); i++) {
            assertThat(jobs.get(i).get("status").asString()).isEqualTo("completed");
            assertThat(Instant.parse(jobs.get(i).get("process_started_at").asString()))
                    .isAfterOrEqualTo(Instant.parse(jobs.get(i - 1).get("process_exited_at").asString()));
        }
    }

    @Test
    void aRestartEndsInterruptedJobsFailedAndRequeuesDownloads() {
        long owner = api.get("/api/v1/auth/me", operator).json().get("id").asLong();
        Instant longAgo = Instant.now().minusSeconds(600);
        long backtest = insertRunning("backtest", owner, backtest("").replace("\n", ""), longAgo);
        long download = insertRunning("download", owner, "{\"exchange\":\"binance\",\"pairs\":[\"BTC/USDT\"],"
                + "\"timeframes\":[\"1d\"],\"days\":5,\"trading_mode\":\"spot\",\"stake_currency\":\"USDT\"}", longAgo);
        // A job of a live worker (fresh heartbeat) is left alone.
        long live = insertRunning("backtest", owner, "{}", Instant.now().plusSeconds(600));

        assertThat(recovery.recover(Instant.now().minusSeconds(30))).isEqualTo(2);

        JsonNode failed = api.get("/api/v1/jobs/" + backtest, operator).json();
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("reason").asString()).isEqualTo("server restarted while running");
        JsonNode rerun = awaitEnd(download, operator);
        assertThat(rerun.get("status").asString()).as(rerun.toString()).isEqualTo("completed");
        assertThat(rerun.get("summary").get("files").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/jobs/" + live, operator).json().get("status").asString()).isEqualTo("running");
        jdbc.update("UPDATE jobs SET status = 'failed', reason = 'test row' WHERE id = ?", live);
    }

    @Test
    void otherUsersCannotSeeOrCancelYourJobsAndViewersCannotSubmit() {
        long id = api.postJson("/api/v1/backtests", operator, backtest("")).json().get("id").asLong();
        String stranger = api.tokenFor("stranger", "operator");
        assertThat(api.get("/api/v1/jobs/" + id, stranger).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/backtests/" + id, stranger).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/strategies/backtest/results/" + id, stranger).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/jobs/" + id + "/log", stranger).status()).isEqualTo(404);
        assertThat(api.postJson("/api/v1/jobs/" + id + "/cancel", stranger, "{}").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/jobs", stranger).json().get("total").asLong()).isZero();
        assertThat(api.get("/api/v1/jobs/" + id, api.adminToken()).status()).isEqualTo(200);

        String viewer = api.tokenFor("watcher", "viewer");
        assertThat(api.postJson("/api/v1/backtests", viewer, backtest("")).status()).isEqualTo(403);
        assertThat(api.postJson("/api/v1/hyperopt/", viewer, hyperopt(5)).status()).isEqualTo(403);
        assertThat(api.postJson("/api/v1/data/download", viewer, "{\"pairs\":[\"BTC/USDT\"]}").status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/jobs", viewer).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/backtests", null).status()).isEqualTo(401);
        awaitEnd(id, operator);
    }

    @Test
    void badRequestsAreRefusedWithEveryBadFieldAndNothingIsQueued() {
        long before = api.get("/api/v1/jobs", operator).json().get("total").asLong();
        Api.Response r = api.postJson("/api/v1/backtests", operator, "{\"strategy_name\":\"" + STRATEGY
                + "\",\"pairs\":[\"not a pair\"],\"timeframe\":\"5 minutes\",\"timerange\":\"yesterday\","
                + "\"stake_amount\":-1}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("errors").size()).isGreaterThanOrEqualTo(4);
        assertThat(api.postJson("/api/v1/backtests", operator, "{\"strategy_name\":\"NoSuchStrategy\"}").status())
                .isEqualTo(404);
        assertThat(api.postJson("/api/v1/hyperopt/", operator, "{\"strategy_name\":\"" + STRATEGY
                + "\",\"pairs\":[\"BTC/USDT\"],\"loss\":\"MadeUpLoss\",\"spaces\":\"buy warp\"}").status())
                .isEqualTo(422);
        assertThat(api.postJson("/api/v1/data/download", operator, "{\"pairs\":[\"BTC/USDT\"],\"days\":5,"
                + "\"timerange\":\"20240101-\"}").status()).isEqualTo(422);
        assertThat(api.postJson("/api/v1/strategies/backtest", operator, "{\"strategy_name\":\"" + STRATEGY
                + "\",\"bot_id\":999999}").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/jobs", operator).json().get("total").asLong()).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private long insertRunning(String kind, long owner, String params, Instant heartbeat) {
        jdbc.update("INSERT INTO jobs (kind, owner_id, status, params, label, created_at, claimed_at, heartbeat_at, "
                + "worker, progress_phase) VALUES (?, ?, 'running', ?, 'x', ?, ?, ?, 'gone-host/1', 'running')", kind,
                owner, params, ts(Instant.now()), ts(Instant.now()), ts(heartbeat));
        return jdbc.queryForObject("SELECT MAX(id) FROM jobs", Long.class);
    }

    private static java.time.OffsetDateTime ts(Instant i) {
        return i.atOffset(java.time.ZoneOffset.UTC);
    }

    private static String backtest(String extra) {
        return "{\"strategy_name\":\"" + STRATEGY + "\",\"exchange\":\"binance\",\"pairs\":[\"BTC/USDT\",\"ETH/USDT\"],"
                + "\"timeframe\":\"5m\"" + (extra.isBlank() ? "" : "," + extra) + "}";
    }

    private static String hyperopt(int epochs) {
        return "{\"strategy_name\":\"" + STRATEGY + "\",\"pairs\":[\"BTC/USDT\"],\"timeframe\":\"5m\",\"epochs\":"
                + epochs + ",\"spaces\":[\"buy\"]}";
    }

    private JsonNode awaitEnd(long id, String token) {
        return await(id, token, j -> List.of("completed", "failed", "cancelled").contains(j.get("status").asString()));
    }

    private JsonNode await(long id, String token, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = api.get("/api/v1/jobs/" + id, token).json();
            if (condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("job " + id + " did not get there in time: " + last);
    }

    private static JsonNode find(JsonNode array, Predicate<JsonNode> p) {
        for (JsonNode n : array) {
            if (p.test(n)) {
                return n;
            }
        }
        return null;
    }

    /** A real event-stream client. */
    static final class Stream implements WebSocket.Listener {
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        static Stream open(int port, String token) throws InterruptedException {
            Stream s = new Stream();
            HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws?token=" + token), s).join();
            assertThat(s.next(m -> m.get("type").asString().equals("connected"))).isNotNull();
            return s;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(JSON.readTree(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        JsonNode next(Predicate<JsonNode> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode m = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (m != null && wanted.test(m)) {
                    return m;
                }
            }
            return null;
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }
}
