package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.ftfleet.core.SecretBox;
import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a bot's config may hold: only Freqtrade's trading settings (paths, includes, the database and the API are
 * the server's), secrets kept encrypted and write-only, and external bots only at addresses that are not the
 * cloud's metadata service.
 */
@FullStackTest
class BotConfigPolicyTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SecretBox secrets;
    @Autowired
    BotSecretsMigration migration;
    Api api;
    static String token;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        if (token == null) {
            token = api.tokenFor("policy-owner", "operator");
        }
    }

    private static String bot(String name, String config) {
        return "{\"name\":\"" + name + "\",\"strategy_name\":\"SampleStrategy\",\"exchange\":\"binance\","
                + "\"stake_currency\":\"USDT\",\"stake_amount\":10,\"config\":" + config + "}";
    }

    private static List<String> fields(Api.Response r) {
        return r.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList();
    }

    @Test
    void pathAndExecutionKeysAreRefusedWith422NamingEveryOne() {
        Api.Response r = api.postJson("/api/v1/bots", token, bot("paths", "{\"add_config_files\":[\"/etc/passwd\"],"
                + "\"strategy_path\":\"/\",\"user_data_dir\":\"/\",\"datadir\":\"/\",\"db_url\":\"sqlite:////tmp/x\","
                + "\"recursive_strategy_search\":true,\"freqaimodel_path\":\"/\",\"logfile\":\"/tmp/log\","
                + "\"api_server\":{\"listen_ip_address\":\"0.0.0.0\"},\"initial_state\":\"stopped\","
                + "\"exchange\":{\"name\":\"binance\",\"no_such_option\":1},"
                + "\"pairlists\":[{\"method\":\"RemotePairList\",\"pairlist_url\":\"file:///etc/passwd\"}],"
                + "\"minimal_roi\":{\"0\":0.1}}"));
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(fields(r)).contains("add_config_files", "strategy_path", "user_data_dir", "datadir", "db_url",
                "recursive_strategy_search", "freqaimodel_path", "logfile", "api_server", "initial_state",
                "exchange.no_such_option", "pairlists[0].pairlist_url").doesNotContain("minimal_roi");
        assertThat(api.get("/api/v1/bots", token).body()).doesNotContain("\"paths\"");
    }

    @Test
    void tradingSettingsPassAndAConfigReadBackIsAcceptedUnchanged() {
        Api.Response r = api.postJson("/api/v1/bots", token, bot("allowed", "{\"minimal_roi\":{\"0\":0.1},"
                + "\"stoploss\":-0.1,\"trailing_stop\":true,\"protections\":[],\"order_types\":{\"entry\":\"limit\","
                + "\"exit\":\"limit\",\"stoploss\":\"market\",\"stoploss_on_exchange\":false},"
                + "\"exchange\":{\"ccxt_config\":{\"enableRateLimit\":true}}}"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        String shown = api.get("/api/v1/bots/" + id + "/config", token).body();
        Api.Response back = api.request("PUT", "/api/v1/bots/" + id + "/config").bearer(token).json(shown).send();
        assertThat(back.status()).as(back.body()).isEqualTo(200);
    }

    @Test
    void secretKeysAreStoredEncryptedShownMaskedAndKeptWhenTheMaskIsSentBack() {
        String marker = "MRK-" + System.nanoTime();
        Api.Response r = api.postJson("/api/v1/bots", token, bot("with-secrets", "{\"telegram\":{\"enabled\":false,"
                + "\"token\":\"" + marker + "-tg\",\"chat_id\":\"" + marker + "-chat\"},"
                + "\"webhook\":{\"enabled\":false,\"url\":\"https://hooks.example/" + marker + "-wh\"},"
                + "\"exchange\":{\"uid\":\"" + marker + "-uid\",\"privateKey\":\"" + marker + "-pk\","
                + "\"ccxt_config\":{\"apiKey\":\"" + marker + "-ccxt\",\"enableRateLimit\":true}}}"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        assertThat(r.body()).doesNotContain(marker);
        assertThat(r.json().get("config_secrets_set").valueStream().map(JsonNode::asString)).containsExactly(
                "exchange.ccxt_config.apiKey", "exchange.privateKey", "exchange.uid", "telegram.chat_id",
                "telegram.token", "webhook.url");
        JsonNode config = api.get("/api/v1/bots/" + id + "/config", token).json();
        assertThat(config.get("telegram").get("token").asString()).isEqualTo("***");
        assertThat(config.get("exchange").get("ccxt_config").get("enableRateLimit").asBoolean()).isTrue();
        Map<String, Object> row = jdbc.queryForMap("select config_overrides, config_secrets_enc from bots where id = ?", id);
        assertThat(row.toString()).doesNotContain(marker);
        assertThat(secrets.decrypt((String) row.get("config_secrets_enc"))).contains(marker + "-tg");

        // The masked config sent back keeps every secret; the audit trail never saw one.
        assertThat(api.request("PUT", "/api/v1/bots/" + id + "/config").bearer(token).json(config.toString()).send()
                .status()).isEqualTo(200);
        String after = secrets.decrypt(jdbc.queryForObject("select config_secrets_enc from bots where id = ?",
                String.class, id));
        assertThat(after).contains(marker + "-tg", marker + "-chat", marker + "-wh", marker + "-uid", marker + "-pk",
                marker + "-ccxt");
        List<Map<String, Object>> audit = jdbc.queryForList("select * from audit_logs where target_type = 'bot' "
                + "and target_id = ?", Long.toString(id));
        assertThat(audit).isNotEmpty();
        assertThat(audit.toString()).doesNotContain(marker).contains("config_secrets_set");
    }

    @Test
    void plainSecretsLeftByAnEarlierVersionAreMovedIntoEncryptedStorageAndNothingElseChanges() {
        long id = api.postJson("/api/v1/bots", token, bot("legacy", "{\"stoploss\":-0.2}")).json().get("id").asLong();
        jdbc.update("update bots set config_overrides = ? where id = ?", "{\"stoploss\":-0.2,\"telegram\":"
                + "{\"enabled\":false,\"token\":\"LEGACY-TG\"},\"exchange\":{\"ccxt_config\":{\"secret\":\"LEGACY-C\"}}}", id);
        Map<String, Object> before = jdbc.queryForMap("select * from bots where id = ?", id);

        migration.afterPropertiesSet();

        Map<String, Object> after = jdbc.queryForMap("select * from bots where id = ?", id);
        assertThat(JSON.readTree((String) after.get("config_overrides"))).isEqualTo(JSON.readTree(
                "{\"stoploss\":-0.2,\"telegram\":{\"enabled\":false},\"exchange\":{\"ccxt_config\":{}}}"));
        assertThat(secrets.decrypt((String) after.get("config_secrets_enc"))).contains("LEGACY-TG", "LEGACY-C");
        before.remove("config_overrides");
        before.remove("config_secrets_enc");
        after.remove("config_overrides");
        after.remove("config_secrets_enc");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void anExternalBotAtTheCloudMetadataAddressIsRefused() {
        for (String url : List.of("http://169.254.169.254", "http://169.254.169.254:80/", "http://[fe80::1]:8080")) {
            Api.Response r = api.postJson("/api/v1/bots", token, "{\"name\":\"meta\",\"strategy_name\":\"S\","
                    + "\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,\"runtime\":\"external\","
                    + "\"external_url\":\"" + url + "\",\"external_username\":\"u\",\"external_password\":\"p\"}");
            assertThat(r.status()).as(url + " " + r.body()).isEqualTo(422);
            assertThat(fields(r)).as(url).contains("external_url");
        }
    }
}
