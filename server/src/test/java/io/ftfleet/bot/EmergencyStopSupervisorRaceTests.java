package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.persistence.EntityManagerFactory;

import io.ftfleet.core.DataDirectory;
import io.ftfleet.risk.TradingSwitch;
import io.ftfleet.runtime.DesiredState;
import io.ftfleet.runtime.ObservedState;
import io.ftfleet.runtime.RuntimeEvents;
import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;
import io.ftfleet.support.StrategyFixtures;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The supervisor writes a bot's row (observed state, PID) whenever the bot reports something, so a route that writes
 * desired state can find the row changed between its read and its commit. The random walk hit that once in
 * hundreds of steps (an emergency stop answered 409); here it is forced: a Hibernate pre-update listener lets,
 * when the route's transaction flushes its new desired state, the supervisor's own write path record an observation
 * of that bot from another thread and commit first. The route must still answer 2xx and leave every bot desired
 * stopped (or paused) for real.
 */
@FullStackTest
@Import(EmergencyStopSupervisorRaceTests.Seams.class)
class EmergencyStopSupervisorRaceTests {

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
    }

    /**
     * Once armed for a bot, the next flush that writes a new desired state on that bot's row (the route's write,
     * after its read, before its commit) first lets the supervisor write the same row: {@code BotObserved} is
     * published and committed on another thread (the listener that records it runs in that thread's own
     * transaction), so the route's update then finds a newer version.
     */
    static class SupervisorWritesMeanwhile implements PreUpdateEventListener {
        record Arm(DesiredState desired, RuntimeEvents.BotObserved observation) {
        }

        final AtomicReference<Arm> armed = new AtomicReference<>();
        final AtomicReference<RuntimeEvents.BotObserved> fired = new AtomicReference<>();
        private final ApplicationEventPublisher events;

        SupervisorWritesMeanwhile(ApplicationEventPublisher events) {
            this.events = events;
        }

        void arm(DesiredState desired, RuntimeEvents.BotObserved observation) {
            fired.set(null);
            armed.set(new Arm(desired, observation));
        }

        @Override
        public boolean onPreUpdate(PreUpdateEvent event) {
            Arm arm = armed.get();
            if (arm != null && writesDesiredState(event, arm) && armed.compareAndSet(arm, null)) {
                CompletableFuture.runAsync(() -> events.publishEvent(arm.observation())).join();
                fired.set(arm.observation());
            }
            return false; // never vetoes the update
        }

        private static boolean writesDesiredState(PreUpdateEvent event, Arm arm) {
            if (!(event.getEntity() instanceof Bot bot) || bot.id != arm.observation().botId()) {
                return false;
            }
            int i = Arrays.asList(event.getPersister().getPropertyNames()).indexOf("desiredState");
            return event.getState()[i] == arm.desired() && event.getOldState()[i] != arm.desired();
        }
    }

    @TestConfiguration
    static class Seams {
        @Bean
        SupervisorWritesMeanwhile supervisorWritesMeanwhile(EntityManagerFactory entityManagers,
                ApplicationEventPublisher events) {
            SupervisorWritesMeanwhile hook = new SupervisorWritesMeanwhile(events);
            entityManagers.unwrap(SessionFactoryImplementor.class).getServiceRegistry()
                    .requireService(EventListenerRegistry.class).appendListeners(EventType.PRE_UPDATE, hook);
            return hook;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory data;
    @Autowired
    TradingSwitch tradingSwitch;
    @Autowired
    SupervisorWritesMeanwhile supervisor;

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
        supervisor.armed.set(null);
        if (!tradingSwitch.enabled()) {
            tradingSwitch.rearm("test");
        }
        api.postJson("/api/v1/bots/stop-all", token, "{}");
    }

    @Test
    void anEmergencyStopWhoseBulkWriteLosesARaceWithTheSupervisorStillStopsEveryBot() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ids.add(createBot("race-emergency-" + i));
        }
        List<JsonNode> running = ids.stream().map(this::startAndAwaitRunning).toList();
        supervisor.arm(DesiredState.STOPPED, observedAgain(running.get(1)));

        Api.Response stop = api.postJson("/api/v1/emergency/stop-all", token, "");

        assertThat(supervisor.fired.get()).as("the supervisor's write came between the read and the commit").isNotNull();
        assertThat(stop.status()).as(stop.body()).isEqualTo(200);
        for (long id : ids) {
            JsonNode result = stop.json().get("results").valueStream()
                    .filter(r -> r.get("bot_id").asLong() == id).findFirst().orElseThrow();
            assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
            assertStoppedForGood(id);
        }
    }

    @Test
    void aStopAllWhoseWriteLosesARaceWithTheSupervisorStillStopsThatBot() {
        long id = createBot("race-stop-all");
        JsonNode running = startAndAwaitRunning(id);
        supervisor.arm(DesiredState.STOPPED, observedAgain(running));

        Api.Response stop = api.postJson("/api/v1/bots/stop-all", token, "{}");

        assertThat(supervisor.fired.get()).as("the supervisor's write came between the read and the commit").isNotNull();
        assertThat(stop.status()).as(stop.body()).isEqualTo(200);
        JsonNode result = resultOf(stop, id);
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertStoppedForGood(id);
    }

    @Test
    void aPauseAllWhoseWriteLosesARaceWithTheSupervisorStillPausesThatBot() {
        long id = createBot("race-pause-all");
        JsonNode running = startAndAwaitRunning(id);
        supervisor.arm(DesiredState.PAUSED, observedAgain(running));

        Api.Response pause = api.postJson("/api/v1/bots/pause-all", token, "{}");

        assertThat(supervisor.fired.get()).as("the supervisor's write came between the read and the commit").isNotNull();
        assertThat(pause.status()).as(pause.body()).isEqualTo(200);
        JsonNode result = resultOf(pause, id);
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        JsonNode bot = api.get("/api/v1/bots/" + id, token).json();
        assertThat(bot.get("desired_state").asString()).isEqualTo("paused");
        assertThat(api.get("/api/v1/bots/" + id + "/show_config", token).json().get("max_open_trades").asInt()).isZero();
    }

    // ------------------------------------------------------------------ helpers

    /** What the supervisor records when a running bot reports again: same state, PID and port, a new reason. */
    static RuntimeEvents.BotObserved observedAgain(JsonNode bot) {
        return new RuntimeEvents.BotObserved(bot.get("id").asLong(), ObservedState.RUNNING, bot.get("pid").asLong(),
                bot.get("port").asInt(), "bot reports running (observed again while the route wrote)", List.of());
    }

    void assertStoppedForGood(long id) {
        JsonNode bot = Await.until(() -> api.get("/api/v1/bots/" + id, token).json(),
                b -> b.get("observed_state").asString().equals("stopped"), Duration.ofSeconds(30));
        assertThat(bot.get("desired_state").asString()).isEqualTo("stopped");
        assertThat(processesOf(id)).as("processes of bot %d", id).isEmpty();
    }

    static JsonNode resultOf(Api.Response bulk, long id) {
        return bulk.json().get("results").valueStream().filter(r -> r.get("bot_id").asLong() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no result for bot " + id + ": " + bulk.body()));
    }

    long createBot(String name) {
        String strategy = "Race" + name.replaceAll("[^A-Za-z0-9]", "");
        api.postJson("/api/v1/strategies/", token, StrategyFixtures.body(strategy));
        Api.Response bot = api.postJson("/api/v1/bots/", token, "{\"name\":\"" + name + "\",\"strategy_name\":\""
                + strategy + "\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,"
                + "\"restart_policy\":\"always\"}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        return bot.json().get("id").asLong();
    }

    JsonNode startAndAwaitRunning(long id) {
        Api.Response start = api.postJson("/api/v1/bots/" + id + "/start", token, "");
        assertThat(start.status()).as(start.body()).isEqualTo(200);
        return Await.until(() -> api.get("/api/v1/bots/" + id, token).json(),
                b -> b.get("observed_state").asString().equals("running"), Duration.ofSeconds(60));
    }

    /** Live processes whose command line runs this bot's config: the OS's answer, not the server's. */
    List<ProcessHandle> processesOf(long id) {
        String config = data.root().resolve("bots").resolve(Long.toString(id)).resolve("config.json").toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(config)).toList();
    }
}
