package io.ftfleet.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@FullStackTest
class StrategyStoreTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    static String strategy(String className, String stoploss) {
        return StrategyFixtures.valid(className, stoploss);
    }

    static String codeBody(String code) {
        return JSON.createObjectNode().put("code", code).toString();
    }

    @Test
    void everySaveIsAnImmutableVersionWithDiffAndCurrent() {
        String token = api.tokenFor("strategist", "operator");
        Api.Response created = api.postJson("/api/v1/strategies/?strategy_name=VersionedStrategy", token,
                codeBody(strategy("VersionedStrategy", "-0.10")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("message")).isEqualTo("Strategy created successfully");
        assertThat(created.json().get("version").asInt()).isEqualTo(1);
        assertThat(created.json().get("valid").asBoolean()).isTrue();

        Api.Response updated = api.request("PUT", "/api/v1/strategies/VersionedStrategy").bearer(token)
                .json(JSON.createObjectNode().put("code", strategy("VersionedStrategy", "-0.05")).put("note", "tighter").toString())
                .send();
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.text("message")).isEqualTo("Strategy updated successfully");
        assertThat(updated.json().get("version").asInt()).isEqualTo(2);

        JsonNode current = api.get("/api/v1/strategies/VersionedStrategy", token).json();
        assertThat(current.get("code").asString()).contains("stoploss = -0.05");
        assertThat(current.get("version").asInt()).isEqualTo(2);
        assertThat(current.get("report").get("stoploss").asDouble()).isEqualTo(-0.05);

        JsonNode versions = api.get("/api/v1/strategies/VersionedStrategy/versions", token).json();
        assertThat(versions.size()).isEqualTo(2);
        assertThat(versions.get(0).get("author").asString()).isEqualTo("strategist");
        assertThat(versions.get(1).get("note").asString()).isEqualTo("tighter");
        assertThat(versions.get(1).get("current").asBoolean()).isTrue();
        assertThat(versions.get(0).get("sha256").asString()).hasSize(64).isNotEqualTo(versions.get(1).get("sha256").asString());

        String diff = api.get("/api/v1/strategies/VersionedStrategy/diff?from=1&to=2", token).text("diff");
        assertThat(diff).contains("-    stoploss = -0.10").contains("+    stoploss = -0.05");

        Api.Response back = api.request("PUT", "/api/v1/strategies/VersionedStrategy/current").bearer(token)
                .json("{\"version\":1}").send();
        assertThat(back.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/strategies/VersionedStrategy", token).json().get("version").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/strategies/VersionedStrategy/versions/2", token).json().get("code").asString())
                .contains("-0.05");

        // Saving the same content again makes no new version.
        api.request("PUT", "/api/v1/strategies/VersionedStrategy").bearer(token)
                .json(codeBody(strategy("VersionedStrategy", "-0.10"))).send();
        assertThat(api.get("/api/v1/strategies/VersionedStrategy/versions", token).json().size()).isEqualTo(2);
        assertThat(api.get("/api/v1/strategies/", token).json().valueStream().map(JsonNode::asString))
                .contains("VersionedStrategy");
    }

    @Test
    void classNameIsTheIdentity() {
        String token = api.tokenFor("strategist-2", "operator");
        Api.Response mismatch = api.postJson("/api/v1/strategies/?strategy_name=Other", token,
                codeBody(strategy("Actual", "-0.1")));
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.json().get("errors").get(0).get("field").asString()).isEqualTo("strategy_name");
        // The web UI's {name, code} body and no query parameter at all both work.
        assertThat(api.postJson("/api/v1/strategies/", token,
                JSON.createObjectNode().put("name", "UiStrategy").put("code", strategy("UiStrategy", "-0.1")).toString())
                .status()).isEqualTo(201);
        assertThat(api.postJson("/api/v1/strategies", token, codeBody(strategy("Inferred", "-0.1"))).status())
                .isEqualTo(201);
        Api.Response again = api.postJson("/api/v1/strategies/", token, codeBody(strategy("Inferred", "-0.2")));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("detail")).isEqualTo("Strategy with this name already exists");
    }

    @Test
    void refusesNamesThatCouldEscapeTheStorageDirectory() {
        String token = api.tokenFor("strategist-3", "operator");
        for (String name : new String[] { "../evil", "..%2Fevil", "a/b", "x.py", "class" }) {
            Api.Response r = api.postJson("/api/v1/strategies/?strategy_name=" + name, token, codeBody(strategy("Evil", "-0.1")));
            assertThat(r.status()).as(name).isEqualTo(422);
        }
        assertThat(api.get("/api/v1/strategies/..%2F..%2Fetc%2Fpasswd", token).status()).isIn(400, 404);
    }

    @Test
    void analyzeReportsFindingsWithoutSaving() {
        String token = api.tokenFor("strategist-4", "viewer");
        Api.Response ok = api.postJson("/api/v1/strategies/analyze", token, codeBody(strategy("Analyzed", "-0.1")));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("valid").asBoolean()).isTrue();
        assertThat(ok.json().get("errors").size()).isZero();
        JsonNode param = ok.json().get("parameters").get("buy_rsi");
        assertThat(param.get("space").asString()).isEqualTo("buy");
        assertThat(param.get("default_value").asString()).isEqualTo("30");

        Api.Response broken = api.postJson("/api/v1/strategies/analyze", token, codeBody("class Broken(IStrategy):\n    def x(:\n"));
        assertThat(broken.json().get("valid").asBoolean()).isFalse();
        assertThat(broken.json().get("errors").get(0).asString()).startsWith("line 2");
        assertThat(api.get("/api/v1/strategies/", token).json().valueStream().map(JsonNode::asString)).doesNotContain("Analyzed");
    }

    @Test
    void uploadMdExtractsCodeKeepingIndentationAndRefusesOtherFiles() {
        String token = api.tokenFor("strategist-5", "operator");
        String md = "# My strategy\n\nSome text.\n\n```python\n" + strategy("FromMarkdown", "-0.1") + "```\n";
        Api.Response r = api.request("POST", "/api/v1/strategies/upload_md").bearer(token)
                .multipart("file", "strategy.md", "text/markdown", md.getBytes(StandardCharsets.UTF_8)).send();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text("code")).isEqualTo(strategy("FromMarkdown", "-0.1"));

        Api.Response notMd = api.request("POST", "/api/v1/strategies/upload_md").bearer(token)
                .multipart("file", "strategy.txt", "text/plain", md.getBytes(StandardCharsets.UTF_8)).send();
        assertThat(notMd.status()).isEqualTo(400);
        Api.Response latin1 = api.request("POST", "/api/v1/strategies/upload_md").bearer(token)
                .multipart("file", "s.md", "text/markdown", new byte[] { '#', ' ', (byte) 0xE9, (byte) 0xFF, '\n' }).send();
        assertThat(latin1.status()).isEqualTo(422);
        assertThat(latin1.json().get("errors").get(0).get("field").asString()).isEqualTo("file");
    }

    @Test
    void veryLargeSourceIsAnalyzedOrRefusedCleanly() {
        String token = api.tokenFor("strategist-6", "operator");
        StringBuilder big = new StringBuilder(strategy("BigStrategy", "-0.1"));
        for (int i = 0; big.length() < 250_000; i++) {
            big.append("\n\ndef helper_").append(i).append("(dataframe, period=14):\n")
                    .append("    # a realistic helper, as large strategies carry many\n")
                    .append("    value = dataframe[\"close\"].rolling(period).mean()\n")
                    .append("    return value * ").append(i).append(" / (period + 1)\n");
        }
        Api.Response r = api.postJson("/api/v1/strategies/analyze", token, codeBody(big.toString()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("valid").asBoolean()).as(r.json().get("errors").toString()).isTrue();
        String tooBig = big.toString().repeat(5);
        assertThat(api.postJson("/api/v1/strategies/analyze", token, codeBody(tooBig)).status()).isEqualTo(413);
    }

    @Test
    void deletingAStrategyABotUsesIsRefusedNamingTheBots() {
        String token = api.tokenFor("strategist-7", "operator");
        assertThat(api.postJson("/api/v1/strategies/", token, codeBody(strategy("PinnedStrategy", "-0.1"))).status()).isEqualTo(201);
        Api.Response bot = api.postJson("/api/v1/bots/", token, "{\"name\":\"pinned-bot\",\"strategy_name\":\"PinnedStrategy\","
                + "\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10}");
        assertThat(bot.json().get("strategy_version_id").asLong())
                .isEqualTo(api.get("/api/v1/strategies/PinnedStrategy", token).json().get("id").asLong());
        Api.Response refused = api.request("DELETE", "/api/v1/strategies/PinnedStrategy").bearer(token).send();
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("detail")).contains("pinned-bot");

        api.request("DELETE", "/api/v1/bots/" + bot.json().get("id").asLong()).bearer(token).send();
        assertThat(api.request("DELETE", "/api/v1/strategies/PinnedStrategy").bearer(token).send().status()).isEqualTo(204);
        assertThat(api.get("/api/v1/strategies/PinnedStrategy", token).status()).isEqualTo(404);
    }

    @Test
    void anotherOperatorCannotPublishChooseOrReadAStrategyUntilItsOwnerSharesIt() {
        String owner = api.tokenFor("strategy-owner", "operator");
        String other = api.tokenFor("strategy-other", "operator");
        long otherId = api.get("/api/v1/auth/me", other).json().get("id").asLong();
        String base = "/api/v1/strategies/SharedStrategy";
        assertThat(api.postJson("/api/v1/strategies/", owner, codeBody(strategy("SharedStrategy", "-0.1"))).status())
                .isEqualTo(201);
        assertThat(api.request("PUT", base).bearer(owner).json(codeBody(strategy("SharedStrategy", "-0.2"))).send()
                .status()).isEqualTo(200);

        // Not shared: no publish, no choice of the current version, no code; the name stays listed.
        Api.Response publish = api.request("PUT", base).bearer(other).json(codeBody(strategy("SharedStrategy", "-0.3")))
                .send();
        assertThat(publish.status()).isEqualTo(403);
        assertThat(publish.text("code")).isEqualTo("not_strategy_editor");
        assertThat(api.request("PUT", base + "/current").bearer(other).json("{\"version\":1}").send().status())
                .isEqualTo(403);
        for (String read : new String[] { base, base + "/versions", base + "/versions/1", base + "/diff?from=1&to=2" }) {
            Api.Response r = api.get(read, other);
            assertThat(r.status()).as(read).isEqualTo(403);
            assertThat(r.body()).as(read).doesNotContain("IStrategy");
        }
        assertThat(api.get("/api/v1/strategies/", other).json().toString()).contains("SharedStrategy");
        assertThat(api.get(base, owner).json().get("version").asInt()).isEqualTo(2);

        // Viewer share: reads, still no publish; only the owner (or an admin) manages shares.
        Api.Response shared = api.request("PUT", base + "/shares/" + otherId).bearer(owner)
                .json("{\"access\":\"viewer\"}").send();
        assertThat(shared.status()).as(shared.body()).isEqualTo(200);
        assertThat(shared.text("access")).isEqualTo("viewer");
        assertThat(api.get(base + "/versions", other).status()).isEqualTo(200);
        assertThat(api.get(base + "/diff?from=1&to=2", other).status()).isEqualTo(200);
        assertThat(api.request("PUT", base).bearer(other).json(codeBody(strategy("SharedStrategy", "-0.3"))).send()
                .status()).isEqualTo(403);
        assertThat(api.request("PUT", base + "/shares/" + otherId).bearer(other).json("{\"access\":\"editor\"}")
                .send().status()).isEqualTo(403);
        assertThat(api.request("PUT", base + "/shares/" + otherId).bearer(owner).json("{\"access\":\"owner\"}")
                .send().status()).isEqualTo(422);

        // Editor share: publishes and chooses the current version.
        assertThat(api.request("PUT", base + "/shares/" + otherId).bearer(owner).json("{\"access\":\"editor\"}")
                .send().status()).isEqualTo(200);
        assertThat(api.request("PUT", base).bearer(other).json(codeBody(strategy("SharedStrategy", "-0.3"))).send()
                .json().get("version").asInt()).isEqualTo(3);
        assertThat(api.request("PUT", base + "/current").bearer(other).json("{\"version\":1}").send().status())
                .isEqualTo(200);
        JsonNode shares = api.get(base + "/shares", owner).json();
        assertThat(shares.size()).isEqualTo(1);
        assertThat(shares.get(0).get("username").asString()).isEqualTo("strategy-other");
        assertThat(shares.get(0).get("access").asString()).isEqualTo("editor");
        assertThat(api.get("/api/v1/audit/logs?action=strategy.shared", api.adminToken()).json().size()).isEqualTo(2);

        // Taken back: reads are refused again. Deleting stays the owner's or an admin's.
        assertThat(api.request("DELETE", base + "/shares/" + otherId).bearer(owner).send().status()).isEqualTo(204);
        assertThat(api.get(base, other).status()).isEqualTo(403);
        assertThat(api.get(base + "/shares/" + otherId, owner).status()).isEqualTo(404);
        Api.Response refused = api.request("DELETE", base).bearer(other).send();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("code")).isEqualTo("not_strategy_owner");
        assertThat(api.get(base + "/versions", api.adminToken()).status()).isEqualTo(200);
        assertThat(api.request("DELETE", base).bearer(api.adminToken()).send().status()).isEqualTo(204);
    }

    @Test
    void viewersCannotWriteAndAnonymousCannotRead() {
        String viewer = api.tokenFor("strategy-viewer", "viewer");
        assertThat(api.postJson("/api/v1/strategies/", viewer, codeBody(strategy("ViewerStrategy", "-0.1"))).status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/strategies/", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/strategies/", viewer).status()).isEqualTo(200);
    }
}
