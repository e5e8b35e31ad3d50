package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import io.ftfleet.core.DataDirectory;
import io.ftfleet.risk.TradingSwitch;
import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.Simulator;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * One lifecycle (start, pause, resume, reload while paused, crash restart keeping entries stopped, resume, emergency
 * stop, stop) against simulated bots of one Freqtrade generation. The server's config is the same for both
 * generations; only the simulator's flavor differs. FT Fleet's observed states are the same sequence for both, while
 * the bot's own answers differ: that is how the client tells them apart.
 */
abstract class FlavorLifecycleScenario {

    static final int MAX_OPEN_TRADES = 3;

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
        registry.add("ftfleet.runtime.local.resync-interval", () -> "1s");
        registry.add("ftfleet.fleet.poll-interval", () -> "1s");
    }

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory data;
    @Autowired
    TradingSwitch tradingSwitch;

    Api api;
    String token;

    /** The version string the simulator reports in this flavor. */
    abstract String expectedVersion();

    /** The bot's own show_config while FT Fleet shows it paused (entries stopped). */
    abstract void assertPausedAnswer(JsonNode showConfig);

    /** Config reloads the bot went through for the server to resume entries it had paused. */
    abstract long expectedReloadsToResume();

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
    void lifecycleKeepsEntriesStoppedWhereTheyMustBeWhicheverGenerationTheBotIs() {
        long id = createBot();
        long pid = post(id, "start", b -> state(b).equals("running")).get("pid").asLong();
        assertThat(showConfig(id).get("version").asString()).isEqualTo(expectedVersion());

        post(id, "pause", b -> state(b).equals("paused"));
        assertPausedAnswer(showConfig(id));
        // the fleet snapshot reads paused too, whichever way the bot says it
        Await.until(() -> snapshotState(id), "paused"::equals, Duration.ofSeconds(30));

        post(id, "resume", b -> state(b).equals("running"));
        assertEntriesOpen(id);
        assertThat(reloads(id)).as("config reloads in the bot's own log").isEqualTo(expectedReloadsToResume());

        // a reload keeps a paused bot's entries stopped (its config.json says max_open_trades 0)
        post(id, "pause", b -> state(b).equals("paused"));
        post(id, "reload", b -> state(b).equals("paused"));
        assertThat(entriesStopped(awaitShowConfig(id))).isTrue();

        // a crash: relaunched with entries stopped, before it could enter once
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        JsonNode relaunched = await(id, b -> b.get("pid").isNumber() && b.get("pid").asLong() != pid
                && (state(b).equals("paused") || state(b).equals("running")));
        assertThat(state(relaunched)).isEqualTo("paused");
        assertThat(entriesStopped(awaitShowConfig(id))).isTrue();

        post(id, "resume", b -> state(b).equals("running"));
        assertEntriesOpen(id);

        Api.Response emergency = api.postJson("/api/v1/emergency/stop-all", token, "");
        assertThat(emergency.status()).as(emergency.body()).isEqualTo(200);
        assertThat(processesOf(id)).isEmpty();
        assertThat(state(api.get("/api/v1/bots/" + id, token).json())).isEqualTo("stopped");
        assertThat(api.postJson("/api/v1/emergency/rearm", token, "").status()).isEqualTo(200);

        post(id, "start", b -> state(b).equals("running"));
        post(id, "stop", b -> state(b).equals("stopped"));
        assertThat(processesOf(id)).isEmpty();
    }

    void assertEntriesOpen(long id) {
        JsonNode config = awaitShowConfig(id);
        assertThat(config.get("state").asString()).isEqualTo("running");
        assertThat(config.get("max_open_trades").asInt()).isEqualTo(MAX_OPEN_TRADES);
    }

    static boolean entriesStopped(JsonNode config) {
        return "paused".equals(config.get("state").asString())
                || ("running".equals(config.get("state").asString()) && config.get("max_open_trades").asInt() == 0);
    }

    JsonNode post(long id, String action, Predicate<JsonNode> until) {
        Api.Response r = api.postJson("/api/v1/bots/" + id + "/" + action, token, "");
        assertThat(r.status()).as(action + " " + r.body()).isEqualTo(200);
        return await(id, until);
    }

    long createBot() {
        String strategy = "Flavor" + getClass().getSimpleName().replaceAll("[^A-Za-z0-9]", "");
        api.postJson("/api/v1/strategies/", token, StrategyFixtures.body(strategy));
        Api.Response bot = api.postJson("/api/v1/bots/", token, "{\"name\":\"flavor-" + System.nanoTime()
                + "\",\"strategy_name\":\"" + strategy + "\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\","
                + "\"stake_amount\":10,\"max_open_trades\":" + MAX_OPEN_TRADES + ",\"restart_policy\":\"always\"}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        return bot.json().get("id").asLong();
    }

    JsonNode await(long id, Predicate<JsonNode> condition) {
        return Await.until(() -> api.get("/api/v1/bots/" + id, token).json(), condition, Duration.ofSeconds(60));
    }

    static String state(JsonNode bot) {
        return bot.get("observed_state").asString();
    }

    JsonNode showConfig(long id) {
        Api.Response r = api.get("/api/v1/bots/" + id + "/show_config", token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** The bot's show_config once it is trading again (after a reload or a relaunch it answers in a moment). */
    JsonNode awaitShowConfig(long id) {
        return Await.until(() -> {
            Api.Response r = api.get("/api/v1/bots/" + id + "/show_config", token);
            return r.status() == 200 ? r.json() : null;
        }, c -> c != null && List.of("running", "paused").contains(c.get("state").asString()), Duration.ofSeconds(30));
    }

    String snapshotState(long id) {
        for (JsonNode snap : api.get("/api/v1/fleet/snapshots", token).json()) {
            if (snap.get("bot_id").asLong() == id) {
                return snap.path("bot_state").asString(null);
            }
        }
        return null;
    }

    /** Freqtrade logs every reload_config as a state change to RELOAD_CONFIG. */
    long reloads(long id) {
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(
                data.root().resolve("bots").resolve(Long.toString(id)).resolve("freqtrade.log"))) {
            return lines.filter(l -> l.contains("to: RELOAD_CONFIG")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    List<ProcessHandle> processesOf(long id) {
        String config = data.root().resolve("bots").resolve(Long.toString(id)).resolve("config.json").toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(config)).toList();
    }
}
