package io.ftfleet.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;

import io.ftfleet.freqtrade.SimulatedBot;

/** Registers a running simulated bot in the server as an external bot, through the API, as a user would. */
public final class ExternalBots {

    private ExternalBots() {
    }

    /** A USDT bot with the simulator's own credentials; returns the new bot's id. */
    public static long register(Api api, String token, String name, SimulatedBot bot) {
        return register(api, token, name, bot, "USDT", SimulatedBot.PASSWORD, List.of());
    }

    public static long register(Api api, String token, String name, SimulatedBot bot, String stakeCurrency,
            String password, List<String> tags) {
        String tagList = tags.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(","));
        Api.Response created = api.postJson("/api/v1/bots/", token, "{\"name\":\"" + name + "\","
                + "\"strategy_name\":\"SampleStrategy\",\"exchange\":\"binance\",\"stake_currency\":\"" + stakeCurrency
                + "\",\"stake_amount\":10,\"tags\":[" + tagList + "],\"runtime\":\"external\",\"external_url\":\""
                + bot.baseUrl() + "\",\"external_username\":\"" + SimulatedBot.USERNAME + "\",\"external_password\":\""
                + password + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }
}
