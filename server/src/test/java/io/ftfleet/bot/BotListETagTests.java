package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/** The bot list is served with an ETag that changes exactly when the list does; an unchanged list answers 304. */
@FullStackTest
class BotListETagTests {

    @LocalServerPort
    int port;
    Api api;
    String token;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        token = api.tokenFor("lister" + System.nanoTime() % 1_000_000, "operator");
    }

    private Api.Response list(String ifNoneMatch) {
        Api.Request request = api.request("GET", "/api/v1/bots").bearer(token);
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return request.send();
    }

    @Test
    void anUnchangedListAnswers304AndTheETagChangesExactlyWhenTheListDoes() {
        long id = api.postJson("/api/v1/bots/", token, BotRegistryTests.createBody("etag-a" + System.nanoTime() % 100000))
                .json().get("id").asLong();
        Api.Response first = list(null);
        assertThat(first.status()).isEqualTo(200);
        String etag = first.header("etag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        // Every field of the original's BotResponse is still in the list, the generated config included.
        JsonNode bot = first.json().get(0);
        for (String field : new String[] { "id", "name", "description", "strategy_name", "exchange", "stake_currency",
                "stake_amount", "max_open_trades", "config", "status", "created_at", "total_trades", "total_profit" }) {
            assertThat(bot.has(field)).as(field).isTrue();
        }
        assertThat(bot.get("config").get("exchange").get("name").asString()).isEqualTo("binance");

        Api.Response unchanged = list(etag);
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(unchanged.header("etag")).isEqualTo(etag);
        assertThat(list(null).header("etag")).isEqualTo(etag);

        // An update: new content, new tag; the old tag gets the full list.
        Api.Response updated = api.request("PUT", "/api/v1/bots/" + id).bearer(token)
                .json("{\"description\":\"changed\"}").send();
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        Api.Response afterUpdate = list(etag);
        assertThat(afterUpdate.status()).isEqualTo(200);
        assertThat(afterUpdate.json().get(0).get("description").asString()).isEqualTo("changed");
        String etag2 = afterUpdate.header("etag");
        assertThat(etag2).isNotEqualTo(etag);
        assertThat(list(etag2).status()).isEqualTo(304);

        // A new bot and a deleted one change the list, and the tag, at once.
        long other = api.postJson("/api/v1/bots/", token, BotRegistryTests.createBody("etag-b" + System.nanoTime() % 100000))
                .json().get("id").asLong();
        Api.Response withTwo = list(etag2);
        assertThat(withTwo.status()).isEqualTo(200);
        assertThat(withTwo.json().size()).isEqualTo(2);
        assertThat(api.request("DELETE", "/api/v1/bots/" + other).bearer(token).send().status()).isEqualTo(204);
        Api.Response backToOne = list(withTwo.header("etag"));
        assertThat(backToOne.status()).isEqualTo(200);
        assertThat(backToOne.json().size()).isEqualTo(1);
        assertThat(backToOne.header("etag")).isEqualTo(etag2);
    }

    @Test
    void anotherUsersListHasItsOwnContentAndTag() {
        api.postJson("/api/v1/bots/", token, BotRegistryTests.createBody("etag-c" + System.nanoTime() % 100000));
        String mine = list(null).header("etag");
        String viewer = api.tokenFor("noone" + System.nanoTime() % 1_000_000, "viewer");
        Api.Response theirs = api.request("GET", "/api/v1/bots").bearer(viewer).header("If-None-Match", mine).send();
        assertThat(theirs.status()).isEqualTo(200);
        assertThat(theirs.json().size()).isZero();
    }
}
