package io.ftfleet.bot;

import java.time.Duration;

import io.ftfleet.support.Api;

import tools.jackson.databind.JsonNode;

/** The bits of {@link BotLifecycleTests} these tests share. */
final class BotFaults {
    final Api api;
    final String token;

    BotFaults(Api api) {
        this.api = api;
        this.token = api.adminToken();
    }

    long create(String name) {
        String strategy = "Fault" + name.replaceAll("[^A-Za-z0-9]", "");
        api.postJson("/api/v1/strategies/", token, io.ftfleet.support.StrategyFixtures.body(strategy));
        return api.postJson("/api/v1/bots/", token, "{\"name\":\"" + name + "\",\"strategy_name\":\"" + strategy
                + "\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,"
                + "\"restart_policy\":\"always\"}").json().get("id").asLong();
    }

    JsonNode await(long id, java.util.function.Predicate<JsonNode> condition, Duration timeout) {
        java.time.Instant deadline = java.time.Instant.now().plus(timeout);
        JsonNode bot = null;
        while (java.time.Instant.now().isBefore(deadline)) {
            Api.Response r = api.get("/api/v1/bots/" + id, token);
            bot = r.json();
            if (r.status() == 200 && condition.test(bot)) {
                return bot;
            }
            BotLifecycleTests.sleep(200);
        }
        throw new AssertionError("condition not met within " + timeout + "; last: " + bot);
    }
}
