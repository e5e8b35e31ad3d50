package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * A bot whose API does not answer: what the caller reads says so in plain words. The HTTP library's text (the bot's
 * address, the route, a Java exception class) stays in the server log.
 */
@FullStackTest
class BotErrorWordsTests {

    @LocalServerPort
    int port;

    @Test
    void pauseResumeReloadAndEmergencyStopOfAnUnreachableBotSayItInPlainWords() throws IOException {
        Api api = new Api(port);
        String admin = api.adminToken();
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort(); // nothing listens there once the socket is closed
        }
        Api.Response created = api.postJson("/api/v1/bots/", admin, "{\"name\":\"never-answers\","
                + "\"strategy_name\":\"SampleStrategy\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\","
                + "\"stake_amount\":10,\"runtime\":\"external\",\"external_url\":\"http://127.0.0.1:" + closed + "\","
                + "\"external_username\":\"ft\",\"external_password\":\"never-used-password\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();

        for (String command : new String[] {"pause", "resume", "reload"}) {
            Api.Response r = api.postJson("/api/v1/bots/" + id + "/" + command, admin, "");
            assertThat(r.status()).as(command + ": " + r.body()).isEqualTo(502);
            assertThat(r.text("detail")).as(command).isEqualTo("The bot's API did not answer");
            assertPlain(r.body());
        }
        Api.Response bulk = api.postJson("/api/v1/bots/pause-all", admin, "{\"ids\":[" + id + "]}");
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
        assertThat(bulk.json().get("results").get(0).get("ok").asBoolean()).isFalse();
        assertPlain(bulk.body());

        try {
            Api.Response emergency = api.postJson("/api/v1/emergency/stop-all?force_exit=true", admin, "");
            assertThat(emergency.status()).as(emergency.body()).isEqualTo(200);
            JsonNode result = emergency.json().get("results").valueStream()
                    .filter(r -> r.get("bot_id").asLong() == id).findFirst().orElseThrow();
            assertThat(result.get("ok").asBoolean()).isFalse();
            assertThat(result.get("detail").asString()).isEqualTo("stopentry failed: The bot's API did not answer, "
                    + "forceexit failed: The bot's API did not answer, stop failed: The bot's API did not answer");
            assertPlain(result.toString());
        } finally {
            assertThat(api.postJson("/api/v1/emergency/rearm", admin, "").status()).isEqualTo(200);
        }
    }

    private static void assertPlain(String text) {
        assertThat(text).doesNotContain("Exception", "http:", "127.0.0.1", "/api/v1/token", "/api/v1/show_config");
    }
}
