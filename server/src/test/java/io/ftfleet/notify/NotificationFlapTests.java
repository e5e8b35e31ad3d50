package io.ftfleet.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * With a flap window set, real simulator bots: one restarted by its policy within the window gives no message at all
 * (its down and recovery are coalesced), one that stays down gives its bot.down once the window has passed.
 */
@FullStackTest
class NotificationFlapTests {

    static final String SECRET = "whsec-flap-0123456789";
    static final Duration FLAP_WINDOW = Duration.ofSeconds(30);
    static final Duration WAIT = Duration.ofSeconds(90);

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
        registry.add("ftfleet.notify.poll-interval", () -> "100ms");
        registry.add("ftfleet.notify.flap-window", () -> FLAP_WINDOW.toSeconds() + "s");
    }

    @LocalServerPort
    int port;

    @Test
    void aBotBackWithinTheFlapWindowGivesNoMessageAndOneStillDownGivesItsDownAfterTheWindow() throws Exception {
        Api api = new Api(port);
        String admin = api.adminToken();
        try (Receiver hook = Receiver.webhook(SECRET, 0)) {
            Api.Response channel = api.postJson("/api/v1/notifications/channels", admin, "{\"type\":\"webhook\","
                    + "\"name\":\"flaps\",\"url\":\"" + hook.url("/h") + "\",\"secret\":\"" + SECRET
                    + "\",\"events\":[\"bot.down\",\"bot.recovered\"]}");
            assertThat(channel.status()).as(channel.body()).isEqualTo(201);
            long flapper = bot(api, admin, "flap-back", "on-failure");
            long stays = bot(api, admin, "flap-gone", "never");
            long flapperPid = startAndAwaitPid(api, admin, flapper);
            long staysPid = startAndAwaitPid(api, admin, stays);

            long killed = System.nanoTime();
            ProcessHandle.of(flapperPid).orElseThrow().destroyForcibly();
            ProcessHandle.of(staysPid).orElseThrow().destroyForcibly();
            Await.until(() -> api.get("/api/v1/bots/" + flapper, admin).json(),
                    b -> b.get("observed_state").asString().equals("running") && b.get("pid").asLong() != flapperPid,
                    FLAP_WINDOW);

            Receiver.Request arrival = Await.until(() -> hook.requests.stream().filter(r -> r.answered() == 200
                    && r.json().get("bot").get("id").asLong() == stays).toList(), l -> !l.isEmpty(), WAIT).get(0);
            assertThat(arrival.json().get("type").asString()).isEqualTo("bot.down");
            assertThat(Duration.ofNanos(arrival.atNanos() - killed)).as("held for the flap window")
                    .isGreaterThanOrEqualTo(FLAP_WINDOW.minusSeconds(1));

            // By now the flapper's window is long over: its down was coalesced for good (never due again, never an
            // attempt) and its recovery never written.
            assertThat(deliveries(api, admin, flapper)).singleElement().satisfies(r -> {
                assertThat(r.get("event_type").asString()).isEqualTo("bot.down");
                assertThat(r.get("status").asString()).isEqualTo("coalesced");
                assertThat(r.get("attempts").asInt()).isZero();
            });
            Await.until(() -> api.get("/api/v1/notifications/deliveries?status=pending", admin).json().size(),
                    n -> n == 0, WAIT);
            assertThat(hook.delivered()).singleElement()
                    .satisfies(b -> assertThat(b.get("bot").get("id").asLong()).isEqualTo(stays));
        } finally {
            api.postJson("/api/v1/bots/stop-all", admin, "{}");
        }
    }

    static List<JsonNode> deliveries(Api api, String token, long botId) {
        return api.get("/api/v1/notifications/deliveries", token).json().valueStream()
                .filter(d -> d.path("bot_id").asLong() == botId).toList();
    }

    static long bot(Api api, String token, String name, String policy) {
        return StrategyFixtures.createBot(api, token, "Flap", name, policy);
    }

    static long startAndAwaitPid(Api api, String token, long botId) {
        assertThat(api.postJson("/api/v1/bots/" + botId + "/start", token, "").status()).isEqualTo(200);
        return Await.until(() -> api.get("/api/v1/bots/" + botId, token).json(),
                b -> b.get("observed_state").asString().equals("running"), WAIT).get("pid").asLong();
    }
}
