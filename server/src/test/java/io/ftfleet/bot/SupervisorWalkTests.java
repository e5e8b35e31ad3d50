package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

import io.ftfleet.risk.TradingSwitch;
import io.ftfleet.support.Api;
import io.ftfleet.support.RestartableServer;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

/**
 * A seeded random walk through the lifecycle with real simulator processes: start, stop, pause, resume, reload,
 * restart, delete, restart-policy edits, kill -9, emergency stop / re-arm and a server restart (the Spring context
 * closed and a new one started on the same data directory and database; every walk has at least one). After every
 * step the invariants are checked against the OS process table and the bots' own APIs: at most one process tree per
 * bot (see {@link #trees}), none for a deleted or stopped bot and none outside the walk's bots, entries stopped on a
 * paused bot, no bot unsupervised without a reason; after a server restart every bot that ran is re-adopted with its
 * PID.
 *
 * <p>{@code -Dftfleet.walk.seeds=1,2,3} and {@code -Dftfleet.walk.steps=N} choose the walk ({@code
 * bench/supervisor-walk.sh} runs it for minutes); the default seeds are regression cases and stay.
 */
class SupervisorWalkTests {

    /** Seeds kept as regression cases (add any seed that ever failed). */
    static final long[] REGRESSION_SEEDS = { 20261204L, 1796576071555535472L };
    static final int BOTS = 3;

    /** What {@code Simulator.useAsFreqtrade} sets for a test context, plus a short back-off and resync. */
    static final String[] SETTINGS = { "--ftfleet.runtime.local.environment.FTSIM_TRADE_INTERVAL_SECONDS=1",
        "--ftfleet.runtime.local.stop-timeout=10s", "--ftfleet.runtime.local.backoff-base=300ms",
        "--ftfleet.runtime.local.resync-interval=1s", "--ftfleet.runtime.local.crash-limit=1000" };

    static java.util.stream.LongStream seeds() {
        String given = System.getProperty("ftfleet.walk.seeds");
        return given == null || given.isBlank() ? Arrays.stream(REGRESSION_SEEDS)
                : Arrays.stream(given.split(",")).map(String::trim).mapToLong(Long::parseLong);
    }

    Path dataDir;
    ConfigurableApplicationContext server;
    TradingSwitch tradingSwitch;
    Api api;
    String token;
    final Map<Integer, Long> slots = new LinkedHashMap<>();
    final List<Long> deleted = new ArrayList<>();
    int created;
    int serverRestarts;

    @AfterEach
    void cleanUp() {
        if (server == null) {
            return;
        }
        try {
            if (!tradingSwitch.enabled()) {
                tradingSwitch.rearm("walk");
            }
            api.postJson("/api/v1/bots/stop-all", token, "{}");
        } finally {
            server.close();
            // Whatever the server left (it should be nothing) is not left running on the host.
            ourProcesses().forEach(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
        }
    }

    void startServer() {
        server = RestartableServer.start(dataDir, settings());
        tradingSwitch = server.getBean(TradingSwitch.class);
        api = new Api(((WebServerApplicationContext) server).getWebServer().getPort());
        token = api.adminToken();
    }

    /** The server's settings; a subclass adds its own (e.g. the simulator's flavor). */
    String[] settings() {
        return SETTINGS;
    }

    int defaultSteps() {
        return 40;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomLifecycleWalkKeepsEveryInvariant(long seed) throws IOException {
        dataDir = Files.createTempDirectory("ftfleet-walk");
        startServer();
        int steps = Integer.getInteger("ftfleet.walk.steps", defaultSteps());
        Random random = new Random(seed);
        for (int i = 0; i < BOTS; i++) {
            slots.put(i, create(random));
        }
        List<String> trail = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            int slot = random.nextInt(BOTS);
            long id = slots.get(slot);
            String action = pick(random);
            if (step == steps / 2 && serverRestarts == 0) {
                action = "server-restart"; // every walk restarts the server at least once
            }
            trail.add(action + "(" + id + ")");
            try {
                act(action, slot, id, random);
                checkInvariants();
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", step " + step + ", trail " + trail + ": " + e.getMessage(), e);
            }
        }
    }

    static final List<String> ACTIONS = List.of("start", "start", "stop", "pause", "resume", "reload", "restart",
            "delete", "policy", "kill", "kill", "emergency", "server-restart");

    static String pick(Random random) {
        return ACTIONS.get(random.nextInt(ACTIONS.size()));
    }

    void act(String action, int slot, long id, Random random) {
        switch (action) {
            case "start", "restart", "resume" -> {
                if (!tradingSwitch.enabled()) {
                    api.postJson("/api/v1/emergency/rearm", token, "");
                }
                Api.Response r = api.postJson("/api/v1/bots/" + id + "/" + action, token, "");
                assertThat(r.status()).as(action + " " + r.body()).isIn(200, 409);
            }
            case "stop", "pause", "reload" -> {
                Api.Response r = api.postJson("/api/v1/bots/" + id + "/" + action, token, "");
                assertThat(r.status()).as(action + " " + r.body()).isIn(200, 409, 502);
            }
            case "policy" -> {
                String policy = List.of("always", "on-failure", "never").get(random.nextInt(3));
                Api.Response r = api.request("PUT", "/api/v1/bots/" + id).bearer(token)
                        .json("{\"restart_policy\":\"" + policy + "\"}").send();
                assertThat(r.status()).as(r.body()).isEqualTo(200);
            }
            case "kill" -> processes(id).forEach(ProcessHandle::destroyForcibly);
            case "delete" -> {
                api.postJson("/api/v1/bots/" + id + "/stop", token, "");
                Api.Response r = api.request("DELETE", "/api/v1/bots/" + id).bearer(token).send();
                assertThat(r.status()).as("delete " + r.body()).isIn(204, 409);
                if (r.status() == 204) {
                    deleted.add(id);
                    slots.put(slot, create(random));
                }
            }
            case "emergency" -> {
                Api.Response r = api.postJson("/api/v1/emergency/stop-all", token, "");
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                for (long bot : slots.values()) {
                    assertThat(processes(bot)).as("bot %d after the emergency stop", bot).isEmpty();
                }
                api.postJson("/api/v1/emergency/rearm", token, "");
            }
            case "server-restart" -> restartServer();
            default -> throw new IllegalArgumentException(action);
        }
    }

    /**
     * Closes the Spring context (the bots keep running) and starts a new one on the same data directory and
     * database. Recovery is the new server's first pass: every bot that had a live process keeps it (same PID,
     * zero restarts) unless it is desired stopped, and no process is launched beside one.
     */
    void restartServer() {
        serverRestarts++;
        Map<Long, Long> before = new LinkedHashMap<>();
        for (long id : slots.values()) {
            JsonNode bot = api.get("/api/v1/bots/" + id, token).json();
            List<ProcessHandle> live = trees(processes(id));
            String observed = bot.get("observed_state").asString();
            // A bot the old server saw running (not mid-start or mid-restart) is the one to re-adopt.
            if (live.size() == 1 && !bot.get("desired_state").asString().equals("stopped")
                    && (observed.equals("running") || observed.equals("paused"))) {
                before.put(id, live.get(0).pid());
            }
        }
        server.close();
        startServer();
        for (var bot : before.entrySet()) {
            assertThat(trees(processes(bot.getKey()))).as("processes of bot %d after the server restart", bot.getKey())
                    .extracting(ProcessHandle::pid).containsExactly(bot.getValue());
            eventually("bot " + bot.getKey() + " re-adopted with PID " + bot.getValue(), () -> {
                JsonNode now = api.get("/api/v1/bots/" + bot.getKey(), token).json();
                String observed = now.get("observed_state").asString();
                return (observed.equals("running") || observed.equals("paused")) && now.get("pid").isNumber()
                        && now.get("pid").asLong() == bot.getValue();
            });
        }
    }

    void checkInvariants() {
        List<Long> known = new ArrayList<>(slots.values());
        eventually("no process outside the walk's live bots", () -> ourProcesses().stream()
                .allMatch(p -> known.stream().anyMatch(id -> commandNames(p, id))));
        for (long id : deleted) {
            eventually("no process of deleted bot " + id, () -> processes(id).isEmpty());
        }
        for (long id : slots.values()) {
            JsonNode bot = api.get("/api/v1/bots/" + id, token).json();
            String desired = bot.get("desired_state").asString();
            if (desired.equals("stopped")) {
                eventually("no process of stopped bot " + id, () -> processes(id).isEmpty());
            }
            if (desired.equals("paused")) {
                eventually("entries stopped on paused bot " + id, () -> {
                    if (processes(id).isEmpty()) {
                        return true; // not running (crashed, or policy never): nothing can trade
                    }
                    Api.Response config = api.get("/api/v1/bots/" + id + "/show_config", token);
                    // a 2025.4+ bot says paused; an older one runs with max_open_trades 0
                    return config.status() == 200 && (config.json().get("max_open_trades").asInt() == 0
                            || "paused".equals(config.json().get("state").asString()));
                });
            }
            JsonNode now = api.get("/api/v1/bots/" + id, token).json();
            if (now.get("observed_state").asString().equals("unsupervised")) {
                assertThat(now.get("observed_reason").asString()).as("reason of unsupervised bot " + id).isNotBlank();
            }
        }
    }

    /** Waits up to 20 s for the condition, checking at every look that no bot has two processes. */
    void eventually(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            for (long id : slots.values()) {
                List<ProcessHandle> found = processes(id);
                assertThat(trees(found)).as(() -> "process trees of bot " + id + " " + describe(found))
                        .hasSizeLessThanOrEqualTo(1);
            }
            if (condition.getAsBoolean()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 20 s: " + what);
            }
            BotLifecycleTests.sleep(200);
        }
    }

    /** Who each process is (parent, start time, command line): what a failure needs to be understood. */
    static String describe(List<ProcessHandle> processes) {
        StringBuilder b = new StringBuilder();
        for (ProcessHandle p : processes) {
            b.append("\n  PID ").append(p.pid()).append(" parent ")
                    .append(p.parent().map(ProcessHandle::pid).map(String::valueOf).orElse("?")).append(" started ")
                    .append(p.info().startInstant().map(Instant::toString).orElse("?")).append(": ")
                    .append(p.info().commandLine().orElse("?"));
        }
        return b.toString();
    }

    /**
     * The roots among a bot's processes: a child that carries its parent's command line (the JVM's or Python's fork
     * before an exec, a worker process) is part of that bot, not a second one. "At most one process per bot" counts
     * these.
     */
    static List<ProcessHandle> trees(List<ProcessHandle> processes) {
        return processes.stream().filter(p -> {
            for (var a = p.parent(); a.isPresent(); a = a.get().parent()) {
                long pid = a.get().pid();
                if (processes.stream().anyMatch(q -> q.pid() == pid)) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    long create(Random random) {
        int n = created++;
        String strategy = "Walk" + n;
        api.postJson("/api/v1/strategies/", token, StrategyFixtures.body(strategy));
        String policy = List.of("always", "on-failure", "never").get(random.nextInt(3));
        Api.Response bot = api.postJson("/api/v1/bots/", token, "{\"name\":\"walk-" + n + "-" + System.nanoTime()
                + "\",\"strategy_name\":\"" + strategy + "\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\","
                + "\"stake_amount\":10,\"restart_policy\":\"" + policy + "\"}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        return bot.json().get("id").asLong();
    }

    List<ProcessHandle> processes(long id) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(p -> commandNames(p, id)).toList();
    }

    boolean commandNames(ProcessHandle p, long id) {
        String config = dataDir.resolve("bots").resolve(Long.toString(id)).resolve("config.json").toString();
        return p.info().commandLine().orElse("").contains(config);
    }

    /** Every live process whose command line names a config under this walk's bots directory. */
    List<ProcessHandle> ourProcesses() {
        String bots = dataDir.resolve("bots").toString() + "/";
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(bots)).toList();
    }
}
