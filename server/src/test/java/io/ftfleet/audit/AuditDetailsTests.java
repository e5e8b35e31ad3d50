package io.ftfleet.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AuditDetailsTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final AuditDetails details = new AuditDetails(json);

    private JsonNode of(Map<String, Object> before, Map<String, Object> after) {
        return json.readTree(details.of(before, after));
    }

    @Test
    void changesListOnlyTheKeysWhoseValueDiffers() {
        JsonNode d = of(Map.of("role", "viewer", "email", "a@example.com", "active", true),
                Map.of("role", "operator", "email", "a@example.com", "active", true));
        assertThat(d.get("changes").propertyNames()).containsExactly("role");
        assertThat(d.get("changes").get("role").get("before").asString()).isEqualTo("viewer");
        assertThat(d.get("changes").get("role").get("after").asString()).isEqualTo("operator");
        // Small snapshots are kept whole.
        assertThat(d.get("before").get("email").asString()).isEqualTo("a@example.com");
        assertThat(d.get("after").get("role").asString()).isEqualTo("operator");
    }

    @Test
    void aCreationListsEveryKeyWithANullBefore() {
        JsonNode d = of(null, Map.of("username", "bob", "role", "viewer"));
        assertThat(d.get("changes").propertyNames()).containsExactly("role", "username");
        assertThat(d.get("changes").get("username").get("before").isNull()).isTrue();
        assertThat(d.get("before").isNull()).isTrue();
        assertThat(d.get("after").get("username").asString()).isEqualTo("bob");
    }

    @Test
    void aKeyAddedOrRemovedCountsAsAChange() {
        JsonNode d = of(Map.of("a", 1), Map.of("b", 2));
        assertThat(d.get("changes").propertyNames()).containsExactly("a", "b");
        assertThat(d.get("changes").get("a").get("after").isNull()).isTrue();
    }

    @Test
    void noSnapshotsMeanNoDetails() {
        assertThat(details.of(null, null)).isNull();
    }

    @Test
    void masksEveryKeyNamingASecretAtAnyDepth() {
        Map<String, Object> exchange = new LinkedHashMap<>();
        exchange.put("name", "binance");
        exchange.put("secret", "s3cr3t");
        exchange.put("apiKey", "AKIA-123");
        exchange.put("password", null);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("exchange", exchange);
        after.put("jwt_token", "eyJ...");
        after.put("Refresh_TOKEN_hash", "abc");
        after.put("ws_PASSWORD", "pw");
        after.put("passphrase", "pp");
        after.put("pairs", List.of(Map.of("api_key", "k1"), Map.of("pair", "BTC/USDT")));
        String text = details.of(null, after);

        assertThat(text).doesNotContain("s3cr3t", "AKIA-123", "eyJ", "\"abc\"", "\"pw\"", "\"pp\"", "k1");
        JsonNode d = json.readTree(text);
        JsonNode a = d.get("after");
        assertThat(a.get("exchange").get("secret").asString()).isEqualTo("***");
        assertThat(a.get("exchange").get("apiKey").asString()).isEqualTo("***");
        assertThat(a.get("exchange").get("name").asString()).isEqualTo("binance");
        // A missing secret is not invented.
        assertThat(a.get("exchange").get("password").isNull()).isTrue();
        assertThat(a.get("jwt_token").asString()).isEqualTo("***");
        assertThat(a.get("Refresh_TOKEN_hash").asString()).isEqualTo("***");
        assertThat(a.get("ws_PASSWORD").asString()).isEqualTo("***");
        assertThat(a.get("passphrase").asString()).isEqualTo("***");
        assertThat(a.get("pairs").get(0).get("api_key").asString()).isEqualTo("***");
        assertThat(a.get("pairs").get(1).get("pair").asString()).isEqualTo("BTC/USDT");
        assertThat(d.get("changes").get("jwt_token").get("after").asString()).isEqualTo("***");
    }

    @Test
    void aChangedSecretShowsAsAChangeWithoutRevealingEitherValue() {
        String text = details.of(Map.of("password", "old-one", "name", "x"), Map.of("password", "new-one", "name", "x"));
        assertThat(text).doesNotContain("old-one", "new-one");
        JsonNode change = json.readTree(text).get("changes").get("password");
        assertThat(change.get("before").asString()).isEqualTo("***");
        assertThat(change.get("after").asString()).isEqualTo("***");
        assertThat(json.readTree(text).get("changes").has("name")).isFalse();
    }

    @Test
    void anUnchangedSecretIsNotAChange() {
        JsonNode d = of(Map.of("token", "same", "n", 1), Map.of("token", "same", "n", 2));
        assertThat(d.get("changes").propertyNames()).containsExactly("n");
    }

    @Test
    void bigSnapshotsKeepOnlyTheChanges() {
        String big = "x".repeat(AuditDetails.SNAPSHOT_LIMIT);
        JsonNode d = of(Map.of("config", big, "state", "stopped"), Map.of("config", big, "state", "running"));
        assertThat(d.get("changes").propertyNames()).containsExactly("state");
        assertThat(d.has("before")).isFalse();
        assertThat(d.has("after")).isFalse();
    }

    @Test
    void changesTooBigForTheColumnKeepOnlyTheChangedKeys() {
        String huge = "y".repeat(AuditDetails.MAX_LENGTH);
        String text = details.of(Map.of("config", "small"), Map.of("config", huge));
        assertThat(text.length()).isLessThanOrEqualTo(AuditDetails.MAX_LENGTH);
        JsonNode d = json.readTree(text);
        assertThat(d.get("truncated").asBoolean()).isTrue();
        assertThat(d.get("changed_keys").get(0).asString()).isEqualTo("config");
    }

    @Test
    void secretWordsAreMatchedCaseInsensitivelyAnywhereInTheKey() {
        assertThat(AuditDetails.isSecret("exchange_key")).isTrue();
        assertThat(AuditDetails.isSecret("ClientSecret")).isTrue();
        assertThat(AuditDetails.isSecret("TOKEN")).isTrue();
        assertThat(AuditDetails.isSecret("username")).isFalse();
        assertThat(AuditDetails.isSecret("stake_amount")).isFalse();
    }
}
