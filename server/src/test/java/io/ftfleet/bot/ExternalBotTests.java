package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.ftfleet.freqtrade.SimulatedBot;
import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/** A Freqtrade FT Fleet did not start, registered by URL and credentials, controlled only through its API. */
@FullStackTest
class ExternalBotTests {

    @LocalServerPort
    int port;

    @Test
    void controlsAnExternalBotThroughItsApiWithoutSpawningOrKillingIt() throws Exception {
        Path dir = Files.createTempDirectory("ftfleet-external");
        try (SimulatedBot running = SimulatedBot.start(dir)) {
            BotFaults bots = new BotFaults(new Api(port));
            Api.Response created = bots.api.postJson("/api/v1/bots/", bots.token, "{\"name\":\"brought-along\","
                    + "\"strategy_name\":\"SampleStrategy\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\","
                    + "\"stake_amount\":10,\"runtime\":\"external\",\"external_url\":\"" + running.baseUrl() + "\","
                    + "\"external_username\":\"" + SimulatedBot.USERNAME + "\",\"external_password\":\"" + SimulatedBot.PASSWORD + "\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("runtime").asString()).isEqualTo("external");
            assertThat(created.json().get("external_password_set").asBoolean()).isTrue();
            assertThat(created.body()).doesNotContain(SimulatedBot.PASSWORD);
            long id = created.json().get("id").asLong();

            Api.Response stop = bots.api.postJson("/api/v1/bots/" + id + "/stop", bots.token, "");
            assertThat(stop.status()).as(stop.body()).isEqualTo(200);
            assertThat(stop.text("observed_state")).isEqualTo("stopped");
            assertThat(running.isAlive()).isTrue(); // stopped means the bot's state, never its process

            Api.Response start = bots.api.postJson("/api/v1/bots/" + id + "/start", bots.token, "");
            assertThat(start.text("observed_state")).isEqualTo("running");
            assertThat(bots.api.postJson("/api/v1/bots/" + id + "/pause", bots.token, "").text("observed_state"))
                    .isEqualTo("paused");
            assertThat(bots.api.get("/api/v1/bots/" + id + "/show_config", bots.token).json().get("max_open_trades")
                    .asInt()).isZero();
            assertThat(bots.api.postJson("/api/v1/bots/" + id + "/resume", bots.token, "").text("observed_state"))
                    .isEqualTo("running");
            assertThat(bots.api.get("/api/v1/bots/" + id + "/show_config", bots.token).json().get("max_open_trades")
                    .asInt()).isPositive();
            JsonNode profit = bots.api.get("/api/v1/bots/" + id + "/profit", bots.token).json();
            assertThat(profit.has("trade_count")).isTrue();

            Api.Response reload = bots.api.postJson("/api/v1/bots/" + id + "/reload", bots.token, "");
            assertThat(reload.status()).as(reload.body()).isEqualTo(200);
            assertThat(running.isAlive()).isTrue();

            Api.Response missingPassword = bots.api.postJson("/api/v1/bots/", bots.token, "{\"name\":\"no-pass\","
                    + "\"strategy_name\":\"S\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,"
                    + "\"runtime\":\"external\",\"external_url\":\"ftp://x\"}");
            assertThat(missingPassword.status()).isEqualTo(422);
            assertThat(missingPassword.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                    .contains("external_url", "external_username", "external_password");
        }
    }
}
