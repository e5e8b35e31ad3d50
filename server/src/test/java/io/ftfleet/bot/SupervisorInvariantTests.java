package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import io.ftfleet.core.DataDirectory;
import io.ftfleet.risk.TradingSwitch;
import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The supervisor's invariants, each one a scenario that lost money before the reconciler: real simulator processes,
 * checked against the OS process table and the bots' own APIs.
 */
@FullStackTest
class SupervisorInvariantTests {

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
        // A back-off long enough to act inside it.
        registry.add("ftfleet.runtime.local.backoff-base", () -> "3s");
        registry.add("ftfleet.runtime.local.resync-interval", () -> "1s");
    }

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory data;
    @Autowired
    TradingSwitch tradingSwitch;
    @Autowired
    JdbcTemplate jdbc;

    Api api;
    String token;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        token = api.adminToken();
        if (!tradingSwitch.enabled()) {
            tradingSwitch.rearm("test");
        }
    }

    @AfterEach
    void stopAll() {
        if (!tradingSwitch.enabled()) {
            tradingSwitch.rearm("test");
        }
        api.postJson("/api/v1/bots/stop-all", token, "{}");
    }

    @Test
    void aBotDeletedWhileWaitingOutItsRestartBackOffIsNeverRelaunched() {
        long id = createBot("del-backoff", "always", "");
        long pid = startAndAwaitRunning(id);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await(id, b -> state(b).equals("crashed") && b.get("observed_reason").asString().contains("restarting in"));

        Api.Response deleted = api.request("DELETE", "/api/v1/bots/" + id).bearer(token).send();
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);

        // Well past the back-off: no process of the deleted bot ever appears.
        Instant until = Instant.now().plusSeconds(6);
        while (Instant.now().isBefore(until)) {
            assertThat(processesOf(id)).as("processes of deleted bot %d", id).isEmpty();
            BotLifecycleTests.sleep(200);
        }
    }

    @Test
    void aStopWhileARestartIsPendingAnswersStoppedAndTheBotNeverStartsAgain() {
        long id = createBot("stop-backoff", "always", "");
        long pid = startAndAwaitRunning(id);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await(id, b -> state(b).equals("crashed") && b.get("observed_reason").asString().contains("restarting in"));

        Api.Response stopped = api.postJson("/api/v1/bots/" + id + "/stop", token, "");
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.text("observed_state")).isEqualTo("stopped");

        // Well past the 3 s back-off: no process of the bot ever appears, and it is never reported otherwise.
        Instant until = Instant.now().plusSeconds(6);
        while (Instant.now().isBefore(until)) {
            assertThat(processesOf(id)).as("processes of stopped bot %d", id).isEmpty();
            assertThat(state(api.get("/api/v1/bots/" + id, token).json())).isEqualTo("stopped");
            BotLifecycleTests.sleep(200);
        }
    }

    @Test
    void aPausedBotThatCrashesIsRelaunchedWithEntriesStopped() {
        long id = createBot("paused-crash", "always", "");
        long pid = startAndAwaitRunning(id);
        assertThat(api.postJson("/api/v1/bots/" + id + "/pause", token, "").status()).isEqualTo(200);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        JsonNode again = await(id, b -> b.get("pid").isNumber() && b.get("pid").asLong() != pid
                && (state(b).equals("paused") || state(b).equals("running")));
        assertThat(state(again)).isEqualTo("paused");
        assertThat(showConfig(id).get("max_open_trades").asInt()).isZero();
        assertThat(processesOf(id)).hasSize(1);
    }

    @Test
    void aBotThatCrashesWhileTradingIsDisabledIsRelaunchedWithEntriesStopped() {
        long id = createBot("switch-crash", "always", "");
        long pid = startAndAwaitRunning(id);
        tradingSwitch.trip("test: drawdown elsewhere", "test");
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        await(id, b -> b.get("pid").isNumber() && b.get("pid").asLong() != pid
                && (state(b).equals("paused") || state(b).equals("running")));
        assertThat(showConfig(id).get("max_open_trades").asInt()).isZero();
    }

    @Test
    void aRestartPolicyEditedToNeverOnARunningBotMeansAKillIsNotRestarted() {
        long id = createBot("policy-never", "always", "");
        long pid = startAndAwaitRunning(id);
        Api.Response edited = api.request("PUT", "/api/v1/bots/" + id).bearer(token)
                .json("{\"restart_policy\":\"never\"}").send();
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().get("restart_policy").asString()).isEqualTo("never");

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        JsonNode crashed = await(id, b -> state(b).equals("crashed"));
        assertThat(crashed.get("observed_reason").asString()).contains("restart policy never");
        Instant until = Instant.now().plusSeconds(5); // past the 3 s back-off
        while (Instant.now().isBefore(until)) {
            assertThat(processesOf(id)).isEmpty();
            BotLifecycleTests.sleep(200);
        }
    }

    @Test
    void aReloadKeepsAPausedBotsEntriesStopped() {
        long id = createBot("reload-paused", "on-failure", "");
        startAndAwaitRunning(id);
        assertThat(api.postJson("/api/v1/bots/" + id + "/pause", token, "").status()).isEqualTo(200);
        Api.Response reload = api.postJson("/api/v1/bots/" + id + "/reload", token, "");
        assertThat(reload.status()).as(reload.body()).isEqualTo(200);
        await(id, b -> state(b).equals("paused") || state(b).equals("running"));
        JsonNode config = Await.until(() -> showConfigOrNull(id), c -> c != null && "running".equals(
                c.path("state").asString()), Duration.ofSeconds(30));
        assertThat(config.get("max_open_trades").asInt()).isZero();
    }

    @Test
    void resumeAndForceEnterAreRefusedWhileTradingIsDisabled() {
        long id = createBot("resume-switch", "on-failure", ",\"config\":{\"force_entry_enable\":true}");
        startAndAwaitRunning(id);
        assertThat(api.postJson("/api/v1/bots/" + id + "/pause", token, "").status()).isEqualTo(200);
        tradingSwitch.trip("test", "test");

        Api.Response resume = api.postJson("/api/v1/bots/" + id + "/resume", token, "");
        assertThat(resume.status()).as(resume.body()).isEqualTo(503);
        Api.Response enter = api.postJson("/api/v1/bots/" + id + "/forceenter", token, "{\"pair\":\"BTC/USDT\"}");
        assertThat(enter.status()).as(enter.body()).isEqualTo(503);
        assertThat(showConfig(id).get("max_open_trades").asInt()).isZero();
    }

    @Test
    void aRestartThatCannotStartTheBotLeavesItRunning() {
        long id = createBot("restart-check", "on-failure", "");
        long pid = startAndAwaitRunning(id);
        // The pinned version turns out invalid: a restart could stop the bot but never start it again.
        jdbc.update("update strategy_versions set valid = false where id = (select strategy_version_id from bots where id = ?)", id);

        Api.Response restart = api.postJson("/api/v1/bots/" + id + "/restart", token, "");
        assertThat(restart.status()).as(restart.body()).isEqualTo(409);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        assertThat(state(api.get("/api/v1/bots/" + id, token).json())).isEqualTo("running");
    }

    @Test
    void theBotsDirectoryHoldsNoExchangeSecretWhileItRunsOrAfterItStops() throws IOException {
        String marker = "MARKERsecret" + System.nanoTime();
        long id = createBot("no-secret-on-disk", "on-failure", ",\"exchange_key\":\"key-" + marker
                + "\",\"exchange_secret\":\"" + marker + "\"");
        long pid = startAndAwaitRunning(id);
        assertThat(filesContaining(id, marker)).isEmpty();
        // The bot got them, by environment.
        String environ = Files.readString(Path.of("/proc/" + pid + "/environ"), StandardCharsets.ISO_8859_1);
        assertThat(environ).contains("FREQTRADE__EXCHANGE__SECRET=" + marker);
        assertThat(environ).doesNotContain("FTFLEET_");

        assertThat(api.postJson("/api/v1/bots/" + id + "/stop", token, "").status()).isEqualTo(200);
        assertThat(filesContaining(id, marker)).isEmpty();
    }

    @Test
    void aSecretFreqtradeWouldRetypeReachesTheBotByAShortLivedFileThatAReloadRewrites() throws IOException {
        // All digits: as an environment variable Freqtrade would turn it into a number, so it goes by file.
        String marker = Long.toString(System.nanoTime());
        long id = createBot("numeric-key", "on-failure", ",\"exchange_key\":\"" + marker + "\"");
        long pid = startAndAwaitRunning(id);
        Path secretsFile = data.root().resolve("bots").resolve(Long.toString(id)).resolve("secrets.json");
        assertThat(secretsFile).doesNotExist(); // read by the bot, then gone
        assertThat(filesContaining(id, marker)).isEmpty();

        Api.Response reload = api.postJson("/api/v1/bots/" + id + "/reload", token, "");
        assertThat(reload.status()).as(reload.body()).isEqualTo(200);
        JsonNode back = await(id, b -> state(b).equals("running"));
        assertThat(back.get("pid").asLong()).isEqualTo(pid); // the same process re-read its files, secrets included
        assertThat(secretsFile).doesNotExist();
        assertThat(filesContaining(id, marker)).isEmpty();
    }

    @Test
    void aStartAndARestartRacingForOneBotNeverMakeTwoProcesses() throws Exception {
        long id = createBot("race", "always", "");
        long pid = startAndAwaitRunning(id);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await(id, b -> state(b).equals("crashed") && b.get("observed_reason").asString().contains("restarting in"));
        // The owner starts it while the supervisor's restart is pending, several times at once.
        List<Thread> starters = Stream.generate(() -> new Thread(() ->
                api.postJson("/api/v1/bots/" + id + "/start", token, ""))).limit(4).toList();
        starters.forEach(Thread::start);
        for (Thread t : starters) {
            t.join();
        }
        await(id, b -> state(b).equals("running"));
        Instant until = Instant.now().plusSeconds(5); // past the pending restart
        while (Instant.now().isBefore(until)) {
            assertThat(processesOf(id)).hasSizeLessThanOrEqualTo(1);
            BotLifecycleTests.sleep(200);
        }
        assertThat(processesOf(id)).hasSize(1);
    }

    @Test
    void everythingABotStartLeavesInItsDirectoryIsOwnerOnly() throws IOException {
        long id = createBot("owner-only", "on-failure", "");
        startAndAwaitRunning(id);
        // The bot has written its log and trade database by now (umask 077); the server wrote the rest (0700/0600).
        Path dir = data.root().resolve("bots").resolve(Long.toString(id));
        try (Stream<Path> tree = Files.walk(dir)) {
            List<Path> all = tree.filter(p -> !Files.isSymbolicLink(p)).toList();
            assertThat(all).anyMatch(p -> p.getFileName().toString().endsWith(".sqlite"))
                    .anyMatch(p -> p.getFileName().toString().equals("freqtrade.log"));
            for (Path p : all) {
                String rights;
                try {
                    rights = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue; // a transient file (e.g. SQLite's journal) gone between the walk and the look
                }
                assertThat(rights).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    long createBot(String name, String policy, String extra) {
        String strategy = "Inv" + name.replaceAll("[^A-Za-z0-9]", "");
        api.postJson("/api/v1/strategies/", token, StrategyFixtures.body(strategy));
        Api.Response bot = api.postJson("/api/v1/bots/", token, "{\"name\":\"" + name + "\",\"strategy_name\":\""
                + strategy + "\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,"
                + "\"restart_policy\":\"" + policy + "\"" + extra + "}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        return bot.json().get("id").asLong();
    }

    long startAndAwaitRunning(long id) {
        Api.Response start = api.postJson("/api/v1/bots/" + id + "/start", token, "");
        assertThat(start.status()).as(start.body()).isEqualTo(200);
        return await(id, b -> state(b).equals("running")).get("pid").asLong();
    }

    JsonNode await(long id, java.util.function.Predicate<JsonNode> condition) {
        return Await.until(() -> api.get("/api/v1/bots/" + id, token).json(), condition, Duration.ofSeconds(60));
    }

    static String state(JsonNode bot) {
        return bot.get("observed_state").asString();
    }

    JsonNode showConfig(long id) {
        return api.get("/api/v1/bots/" + id + "/show_config", token).json();
    }

    JsonNode showConfigOrNull(long id) {
        Api.Response r = api.get("/api/v1/bots/" + id + "/show_config", token);
        return r.status() == 200 ? r.json() : null;
    }

    /** Live processes whose command line runs this bot's config: the OS's answer, not the server's. */
    List<ProcessHandle> processesOf(long id) {
        String config = data.root().resolve("bots").resolve(Long.toString(id)).resolve("config.json").toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(config)).toList();
    }

    List<Path> filesContaining(long id, String marker) throws IOException {
        Path dir = data.root().resolve("bots").resolve(Long.toString(id));
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                try {
                    return Files.size(f) < (64 << 20)
                            && new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(marker);
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
    }
}
