package io.ftfleet.bot.config;

import static io.ftfleet.bot.config.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ConfigMaskerTest {

    private final FreqtradeConfigGenerator generator = new FreqtradeConfigGenerator();

    @Test
    void masksExchangeSecrets() {
        ObjectNode masked = generator.masked(generator.forBot(typical().build(), runtime()));

        JsonNode ex = masked.get("exchange");
        assertThat(ex.get("key").stringValue()).isEqualTo("***");
        assertThat(ex.get("secret").stringValue()).isEqualTo("***");
        assertThat(ex.get("password").stringValue()).isEqualTo("***");
        assertThat(ex.get("name").stringValue()).isEqualTo("binance");
        assertThat(ex.get("pair_whitelist")).hasSize(2);
    }

    @Test
    void masksApiServerCredentialsButKeepsNonSecrets() {
        ObjectNode masked = generator.masked(generator.forBot(typical().build(), runtime()));

        JsonNode api = masked.get("api_server");
        assertThat(api.get("password").stringValue()).isEqualTo("***");
        assertThat(api.get("jwt_secret_key").stringValue()).isEqualTo("***");
        assertThat(api.get("ws_token").stringValue()).isEqualTo("***");
        assertThat(api.get("username").stringValue()).isEqualTo("fleet");
        assertThat(api.get("listen_port").intValue()).isEqualTo(8101);
        assertThat(api.get("enabled").booleanValue()).isTrue();
    }

    @Test
    void maskedOutputContainsNoSecretValueAnywhere() {
        ObjectNode overrides = json("""
                {"exchange": {"uid": "UID-998877", "ccxt_config": {"apiKey": "CCXTKEY-1", "secret": "CCXTSECRET-2",
                  "headers": {"X-Api-Key": "HEADERKEY-3"}}},
                 "telegram": {"enabled": true, "token": "TGTOKEN-4", "chat_id": "1234"},
                 "discord": {"enabled": true, "webhook_url": "https://discord.example/api/webhooks/DISCORD-5"},
                 "external_message_consumer": {"producers": [{"name": "p", "host": "h", "ws_token": "PRODTOKEN-6"}]},
                 "api_server": {"ws_token": ["WSLIST-7", "WSLIST-8"]}}""");
        BotRuntimeValues rt = new BotRuntimeValues(null, 8101, "fleet", API_PASSWORD, JWT, null,
                EXCHANGE_KEY, EXCHANGE_SECRET, EXCHANGE_PASSWORD,
                "postgresql://fleet:" + DB_PASSWORD + "@db.internal:5432/bot1");

        String text = MAPPER.writeValueAsString(generator.masked(generator.forBot(typical().overrides(overrides).build(), rt)));

        for (String secret : List.of(EXCHANGE_KEY, EXCHANGE_SECRET, EXCHANGE_PASSWORD, API_PASSWORD, JWT,
                DB_PASSWORD, "UID-998877", "CCXTKEY-1", "CCXTSECRET-2", "HEADERKEY-3", "TGTOKEN-4", "DISCORD-5",
                "PRODTOKEN-6", "WSLIST-7", "WSLIST-8")) {
            assertThat(text).as(secret).doesNotContain(secret);
        }
        assertThat(text).contains("\"postgresql://fleet:***@db.internal:5432/bot1\"");
        assertThat(text).contains("\"chat_id\":\"1234\"");
        assertThat(text).contains("\"ws_token\":[\"***\",\"***\"]");
    }

    @Test
    void leavesEmptySecretsEmpty() {
        ObjectNode masked = generator.masked(generator.generate(typical().build()));

        assertThat(masked.get("exchange").get("key").stringValue()).isEmpty();
        assertThat(masked.get("exchange").get("secret").stringValue()).isEmpty();
        assertThat(masked.get("exchange").get("password").stringValue()).isEmpty();
    }

    @Test
    void maskingDoesNotTouchTheInputOrNonSecretKeys() {
        ObjectNode full = generator.forBot(typical().build(), runtime());
        String before = full.toString();

        ObjectNode masked = ConfigMasker.mask(full);

        assertThat(full.toString()).isEqualTo(before);
        assertThat(full.get("exchange").get("secret").stringValue()).isEqualTo(EXCHANGE_SECRET);
        ObjectNode expected = full.deepCopy();
        ((ObjectNode) expected.get("exchange")).put("key", "***").put("secret", "***").put("password", "***");
        ((ObjectNode) expected.get("api_server")).put("password", "***").put("jwt_secret_key", "***").put("ws_token", "***");
        assertThat(masked).isEqualTo(expected); // sqlite path without password is unchanged
    }

    @Test
    void maskDbUrlOnlyHidesThePassword() {
        assertThat(ConfigMasker.maskDbUrl("postgresql+psycopg2://u:p%40ss@host/db")).isEqualTo("postgresql+psycopg2://u:***@host/db");
        assertThat(ConfigMasker.maskDbUrl("sqlite:///tradesv3.sqlite")).isEqualTo("sqlite:///tradesv3.sqlite");
        assertThat(ConfigMasker.maskDbUrl("postgresql://u@host/db")).isEqualTo("postgresql://u@host/db");
        assertThat(ConfigMasker.maskDbUrl("sqlite:///data/a@b:c.sqlite")).isEqualTo("sqlite:///data/a@b:c.sqlite");
        assertThat(ConfigMasker.maskDbUrl(null)).isNull();
    }

    @Test
    void maskingNonObjectsGivesAnEmptyObject() {
        assertThat(ConfigMasker.mask(null)).isEmpty();
        assertThat(ConfigMasker.mask(anyJson("[1,2]"))).isEmpty();
        assertThat(ConfigMasker.mask(anyJson("\"x\""))).isEmpty();
    }

    @Test
    void runtimeValuesToStringHidesSecrets() {
        String s = runtime().toString();
        assertThat(s).doesNotContain(EXCHANGE_KEY, EXCHANGE_SECRET, EXCHANGE_PASSWORD, API_PASSWORD, JWT, WS_TOKEN);
        assertThat(s).contains("listenPort=8101");
    }
}
