package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

@FullStackTest
class BotRegistryTests {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    static String createBody(String name) {
        return "{\"name\":\"" + name + "\",\"strategy_name\":\"SampleStrategy\",\"exchange\":\"binance\","
                + "\"stake_currency\":\"USDT\",\"stake_amount\":100,\"max_open_trades\":3}";
    }

    @Test
    void createsBotWithTheOriginalResponseFields() {
        String token = api.tokenFor("bot-owner-1", "operator");
        Api.Response r = api.postJson("/api/v1/bots/", token, createBody("alpha"));
        assertThat(r.status()).isEqualTo(201);
        JsonNode bot = r.json();
        assertThat(bot.get("id").isIntegralNumber()).isTrue();
        assertThat(bot.get("name").asString()).isEqualTo("alpha");
        assertThat(bot.get("description").isNull()).isTrue();
        assertThat(bot.get("freqai_model_id").isNull()).isTrue();
        assertThat(bot.get("strategy_name").asString()).isEqualTo("SampleStrategy");
        assertThat(bot.get("exchange").asString()).isEqualTo("binance");
        assertThat(bot.get("stake_currency").asString()).isEqualTo("USDT");
        assertThat(bot.get("stake_amount").isNumber()).isTrue();
        assertThat(bot.get("stake_amount").asDouble()).isEqualTo(100.0);
        assertThat(bot.get("max_open_trades").asInt()).isEqualTo(3);
        assertThat(bot.get("config").isObject()).isTrue();
        assertThat(bot.get("is_active").asBoolean()).isTrue();
        assertThat(bot.get("status").asString()).isEqualTo("stopped");
        assertThat(bot.get("pid").isNull()).isTrue();
        assertThat(bot.get("port").isNull()).isTrue();
        assertThat(bot.get("restart_required").asBoolean()).isFalse();
        assertThat(bot.get("created_at").asString()).endsWith("Z");
        assertThat(bot.get("updated_at").isNull()).isTrue();
        assertThat(bot.get("total_trades").isIntegralNumber()).isTrue();
        assertThat(bot.get("profitable_trades").isIntegralNumber()).isTrue();
        assertThat(bot.get("total_profit").isNumber()).isTrue();
        assertThat(bot.get("max_drawdown").isNumber()).isTrue();
        // FT Fleet's own fields
        assertThat(bot.get("dry_run").asBoolean()).isTrue();
        assertThat(bot.get("observed_state").asString()).isEqualTo("stopped");
        assertThat(bot.get("desired_state").asString()).isEqualTo("stopped");
        assertThat(bot.get("restart_policy").asString()).isEqualTo("on-failure");
        JsonNode config = bot.get("config");
        assertThat(config.get("stake_currency").asString()).isEqualTo("USDT");
        assertThat(config.get("exchange").get("name").asString()).isEqualTo("binance");
        assertThat(config.get("exchange").get("pair_whitelist").toString()).isEqualTo("[\"BTC/USDT\",\"ETH/USDT\"]");
        assertThat(config.get("strategy").asString()).isEqualTo("SampleStrategy");
        assertThat(config.get("dry_run").asBoolean()).isTrue();

        assertThat(api.get("/api/v1/bots/" + bot.get("id").asLong(), token).json().get("name").asString()).isEqualTo("alpha");
        assertThat(api.get("/api/v1/bots", token).json().valueStream().map(b -> b.get("name").asString())).contains("alpha");
    }

    @Test
    void acceptsConfigAsJsonTextAndMergesItAsOverrides() {
        String token = api.tokenFor("bot-owner-ui", "operator");
        Api.Response r = api.postJson("/api/v1/bots", token, "{\"name\":\"ui-bot\",\"strategy_name\":\"S\",\"exchange\":\"kraken\","
                + "\"stake_currency\":\"EUR\",\"stake_amount\":\"25\",\"max_open_trades\":2,"
                + "\"config\":\"{\\\"unfilledtimeout\\\":{\\\"entry\\\":7,\\\"exit\\\":9}}\",\"freqai_model_id\":null}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("config").get("unfilledtimeout").get("entry").asInt()).isEqualTo(7);
        assertThat(r.json().get("stake_amount").asDouble()).isEqualTo(25.0);
    }

    @Test
    void refusesAConfigFreqtradeWouldRefuseNamingTheKey() {
        String token = api.tokenFor("bot-owner-2", "operator");
        Api.Response r = api.postJson("/api/v1/bots/", token, "{\"name\":\"bad-futures\",\"strategy_name\":\"S\","
                + "\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,\"trading_mode\":\"futures\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("errors").valueStream().map(e -> e.get("field").asString())).contains("margin_mode");

        Api.Response emptyExchange = api.postJson("/api/v1/bots/", token, "{\"name\":\"no-exchange\",\"strategy_name\":\"S\","
                + "\"exchange\":\"\",\"stake_currency\":\"USDT\",\"stake_amount\":10}");
        assertThat(emptyExchange.status()).isEqualTo(422);
        assertThat(emptyExchange.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .contains("exchange.name");
        assertThat(api.get("/api/v1/bots", token).json().size()).isZero();
    }

    @Test
    void refusesMissingFieldsAndBadNamesListingEachOne() {
        String token = api.tokenFor("bot-owner-3", "operator");
        Api.Response missing = api.postJson("/api/v1/bots/", token, "{\"name\":\"b1\"}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactlyInAnyOrder("strategy_name", "exchange", "stake_currency", "stake_amount");
        for (String bad : new String[] { "../etc", "a\\\\b", "x".repeat(65), "tab\\there", " lead" }) {
            Api.Response r = api.postJson("/api/v1/bots/", token, createBody(bad));
            assertThat(r.status()).as(bad).isEqualTo(422);
            assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        }
    }

    @Test
    void botNamesAreUnique() {
        String token = api.tokenFor("bot-owner-4", "operator");
        assertThat(api.postJson("/api/v1/bots/", token, createBody("unique-one")).status()).isEqualTo(201);
        Api.Response again = api.postJson("/api/v1/bots/", api.tokenFor("bot-owner-5", "operator"), createBody("unique-one"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("code")).isEqualTo("bot_name_taken");
    }

    @Test
    void ownersSeeTheirBotsOthersGet404AdminsSeeAll() {
        String owner = api.tokenFor("scoped-owner", "operator");
        String other = api.tokenFor("scoped-other", "operator");
        long id = api.postJson("/api/v1/bots/", owner, createBody("scoped")).json().get("id").asLong();
        assertThat(api.get("/api/v1/bots/" + id, other).status()).isEqualTo(404);
        assertThat(api.request("PUT", "/api/v1/bots/" + id).bearer(other).json("{\"description\":\"x\"}").send().status())
                .isEqualTo(404);
        assertThat(api.request("DELETE", "/api/v1/bots/" + id).bearer(other).send().status()).isEqualTo(404);
        assertThat(api.get("/api/v1/bots/" + id + "/config", other).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/bots", other).json().valueStream().map(b -> b.get("id").asLong())).doesNotContain(id);
        assertThat(api.get("/api/v1/bots/" + id, api.adminToken()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/bots", api.adminToken()).json().valueStream().map(b -> b.get("id").asLong())).contains(id);
    }

    @Test
    void viewersCannotChangeBots() {
        String viewer = api.tokenFor("bot-viewer", "viewer");
        assertThat(api.postJson("/api/v1/bots/", viewer, createBody("viewer-bot")).status()).isEqualTo(403);
        long id = api.postJson("/api/v1/bots/", api.adminToken(), createBody("admins-bot")).json().get("id").asLong();
        assertThat(api.request("PUT", "/api/v1/bots/" + id).bearer(viewer).json("{}").send().status()).isEqualTo(403);
        assertThat(api.request("DELETE", "/api/v1/bots/" + id).bearer(viewer).send().status()).isEqualTo(403);
        assertThat(api.request("PUT", "/api/v1/bots/" + id + "/config").bearer(viewer).json("{}").send().status())
                .isEqualTo(403);
        assertThat(api.postJson("/api/v1/bots/" + id + "/start", viewer, "").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/bots", viewer).status()).isEqualTo(200);
    }

    @Test
    void updateChangesOnlyTheFieldsSentAndRegeneratesConfig() {
        String token = api.tokenFor("bot-updater", "operator");
        JsonNode created = api.postJson("/api/v1/bots/", token, createBody("upd")).json();
        long id = created.get("id").asLong();
        // The original UI PUTs the whole object back, read-only fields included.
        String echoed = created.toString().replace("\"stake_amount\":100.0", "\"stake_amount\":50")
                .replace("\"status\":\"stopped\"", "\"status\":\"running\"");
        Api.Response r = api.request("PUT", "/api/v1/bots/" + id).bearer(token).json(echoed).send();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("stake_amount").asDouble()).isEqualTo(50.0);
        assertThat(r.json().get("config").get("stake_amount").asDouble()).isEqualTo(50.0);
        assertThat(r.json().get("status").asString()).isEqualTo("stopped");
        assertThat(r.json().get("updated_at").asString()).endsWith("Z");
        assertThat(r.json().get("version").asLong()).isGreaterThan(created.get("version").asLong());

        Api.Response bad = api.request("PUT", "/api/v1/bots/" + id).bearer(token).json("{\"max_open_trades\":-5}").send();
        assertThat(bad.status()).isEqualTo(422);
        assertThat(api.get("/api/v1/bots/" + id, token).json().get("max_open_trades").asInt()).isEqualTo(3);
    }

    @Test
    void putConfigReplacesTheConfigAndUpdatesBotFields() {
        String token = api.tokenFor("bot-configurer", "operator");
        long id = api.postJson("/api/v1/bots/", token, createBody("cfg")).json().get("id").asLong();
        JsonNode config = api.get("/api/v1/bots/" + id + "/config", token).json();
        String changed = config.toString().replace("\"max_open_trades\":3", "\"max_open_trades\":5");
        Api.Response r = api.request("PUT", "/api/v1/bots/" + id + "/config").bearer(token).json(changed).send();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text("message")).isEqualTo("Configuration updated successfully");
        assertThat(r.json().get("config").get("max_open_trades").asInt()).isEqualTo(5);
        assertThat(api.get("/api/v1/bots/" + id, token).json().get("max_open_trades").asInt()).isEqualTo(5);

        Api.Response notObject = api.request("PUT", "/api/v1/bots/" + id + "/config").bearer(token).json("[1,2]").send();
        assertThat(notObject.status()).isEqualTo(422);
    }

    @Test
    void deletesAStoppedBot() {
        String token = api.tokenFor("bot-deleter", "operator");
        long id = api.postJson("/api/v1/bots/", token, createBody("doomed")).json().get("id").asLong();
        assertThat(api.request("DELETE", "/api/v1/bots/" + id).bearer(token).send().status()).isEqualTo(204);
        assertThat(api.get("/api/v1/bots/" + id, token).status()).isEqualTo(404);
    }

    @Test
    void paginationIsValidated() {
        String token = api.adminToken();
        assertThat(api.get("/api/v1/bots/?skip=-1", token).status()).isEqualTo(422);
        assertThat(api.get("/api/v1/bots/?limit=1001", token).status()).isEqualTo(422);
        assertThat(api.get("/api/v1/bots/?limit=1", token).json().size()).isLessThanOrEqualTo(1);
    }
}
