package io.ftfleet.bot.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Which override keys are secret, and how a masked echo keeps what is stored. */
class ConfigPolicyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ObjectNode obj(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void credentialsByFreqtradesSchemaAreTakenOutAndEverythingElseStays() {
        ObjectNode overrides = obj("""
                {"exchange": {"name": "kraken", "uid": "u", "privateKey": "pk", "walletAddress": "w",
                  "ccxt_config": {"apiKey": "a", "secret": "s", "enableRateLimit": true, "options": {"defaultType": "spot"}},
                  "ccxt_async_config": {"login": "l", "twofa": "t"}},
                 "telegram": {"enabled": true, "token": "tg", "chat_id": 42, "keyboard": [["/status"]]},
                 "webhook": {"enabled": true, "url": "https://h/x", "format": "json"},
                 "discord": {"enabled": true, "webhook_url": "https://d/x"},
                 "external_message_consumer": {"enabled": true, "producers": [{"name": "p", "ws_token": "w"}]},
                 "stoploss": -0.1}""");
        ObjectNode secrets = ConfigPolicy.extractSecrets(overrides, null);

        assertThat(overrides).isEqualTo(obj("""
                {"exchange": {"name": "kraken", "ccxt_config": {"enableRateLimit": true,
                  "options": {"defaultType": "spot"}}, "ccxt_async_config": {}},
                 "telegram": {"enabled": true, "keyboard": [["/status"]]},
                 "webhook": {"enabled": true, "format": "json"}, "discord": {"enabled": true},
                 "external_message_consumer": {"enabled": true}, "stoploss": -0.1}"""));
        assertThat(ConfigPolicy.paths(secrets)).containsExactly("discord.webhook_url",
                "exchange.ccxt_async_config.login", "exchange.ccxt_async_config.twofa", "exchange.ccxt_config.apiKey",
                "exchange.ccxt_config.secret", "exchange.privateKey", "exchange.uid", "exchange.walletAddress",
                "external_message_consumer.producers", "telegram.chat_id", "telegram.token", "webhook.url");
        assertThat(ConfigPolicy.masked(secrets).toString()).doesNotContain("tg", "pk", "\"a\"");
    }

    @Test
    void aMaskedValueKeepsTheStoredSecretAndAnEmptyOneClearsIt() {
        ObjectNode stored = obj("{\"telegram\": {\"token\": \"old\", \"chat_id\": \"c\"}}");
        ObjectNode secrets = ConfigPolicy.extractSecrets(obj("{\"telegram\": {\"token\": \"***\", \"chat_id\": \"\"}}"),
                stored);
        assertThat(secrets).isEqualTo(obj("{\"telegram\": {\"token\": \"old\"}}"));
        assertThat(ConfigPolicy.extractSecrets(obj("{\"telegram\": {\"token\": \"***\"}}"), null)).isEmpty();
    }

    @Test
    void everyKeyOutsideTheAllowListIsNamed() {
        assertThat(ConfigPolicy.refused(obj("""
                {"stoploss": -0.1, "add_config_files": [], "db_url": "x", "made_up": 1,
                 "exchange": {"name": "x", "sandbox_path": "/"}, "internals": {"process_throttle_secs": 5, "x": 1}}""")))
                .extracting(ConfigViolation::key)
                .containsExactlyInAnyOrder("add_config_files", "db_url", "made_up", "exchange.sandbox_path", "internals.x");
    }
}
