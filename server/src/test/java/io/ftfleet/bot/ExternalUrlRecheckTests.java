package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import io.ftfleet.freqtrade.SimulatedBot;
import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An external bot's host is checked again before every connection, not only when its URL is stored: a name that
 * resolves to a metadata address later (DNS rebinding) gets no request and no credentials from the server.
 */
@FullStackTest
class ExternalUrlRecheckTests {

    @LocalServerPort
    int port;
    @Autowired
    ExternalUrls.Policy policy;

    @AfterEach
    void systemResolver() {
        policy.resolveWith(InetAddress::getAllByName);
    }

    @Test
    void aHostThatResolvesToAMetadataAddressAfterRegistrationIsRefusedAtConnectTime() throws Exception {
        Path dir = Files.createTempDirectory("ftfleet-rebind");
        try (SimulatedBot running = SimulatedBot.start(dir)) {
            BotFaults bots = new BotFaults(new Api(port));
            String url = "http://localhost:" + running.port();
            Api.Response created = bots.api.postJson("/api/v1/bots/", bots.token, "{\"name\":\"rebind\","
                    + "\"strategy_name\":\"SampleStrategy\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\","
                    + "\"stake_amount\":10,\"runtime\":\"external\",\"external_url\":\"" + url + "\","
                    + "\"external_username\":\"" + SimulatedBot.USERNAME + "\",\"external_password\":\""
                    + SimulatedBot.PASSWORD + "\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            long id = created.json().get("id").asLong();
            assertThat(bots.api.get("/api/v1/bots/" + id + "/show_config", bots.token).json().get("state").asString())
                    .isEqualTo("running");

            // The name now resolves to the cloud metadata service.
            policy.resolveWith(host -> host.equals("localhost")
                    ? new InetAddress[] { InetAddress.getByName("169.254.169.254") } : InetAddress.getAllByName(host));

            Api.Response stop = bots.api.postJson("/api/v1/bots/" + id + "/stop", bots.token, "");
            assertThat(stop.status()).as(stop.body()).isEqualTo(409);
            assertThat(stop.text("code")).isEqualTo("external_url_refused");
            assertThat(stop.text("detail")).contains("link-local or cloud metadata");
            Api.Response read = bots.api.get("/api/v1/bots/" + id + "/show_config", bots.token);
            assertThat(read.status()).as(read.body()).isEqualTo(409);
            assertThat(read.text("code")).as("a read says why, not that the bot is not running")
                    .isEqualTo("external_url_refused");

            // Back to the real address: the stop above never reached the bot.
            policy.resolveWith(InetAddress::getAllByName);
            assertThat(bots.api.get("/api/v1/bots/" + id + "/show_config", bots.token).json().get("state").asString())
                    .isEqualTo("running");
        }
    }
}
