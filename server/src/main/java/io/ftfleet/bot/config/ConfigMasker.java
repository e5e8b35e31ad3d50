package io.ftfleet.bot.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replaces secret values of a Freqtrade config by {@value #MASK} (for {@code GET /bots/{id}/config}).
 *
 * <p>What counts as a secret:
 * <ul>
 *   <li>anywhere in the tree: a key whose name contains {@code secret}, {@code password} or {@code token}
 *       (e.g. {@code api_server.jwt_secret_key}, {@code api_server.ws_token}, {@code telegram.token},
 *       {@code external_message_consumer.producers[].ws_token});</li>
 *   <li>inside {@code exchange} and {@code api_server} (at any depth, so also {@code ccxt_config}):
 *       additionally keys containing {@code key} (e.g. {@code key}, {@code apiKey}, {@code privateKey})
 *       and {@code uid};</li>
 *   <li>{@code discord.webhook_url}, {@code webhook.url} (their URLs embed a token);</li>
 *   <li>the password part of {@code db_url} ({@code postgresql://u:pw@h/db} → {@code postgresql://u:***@h/db}).</li>
 * </ul>
 * A secret that is a non-empty string, a number, or an object/array (masked element by element
 * for arrays of strings, wholesale otherwise) becomes {@value #MASK}; an empty string stays
 * {@code ""}; {@code null} stays {@code null}; booleans are left alone.
 */
public final class ConfigMasker {

    public static final String MASK = "***";

    private static final JsonNodeFactory NF = JsonNodeFactory.instance;
    private static final Set<String> KEY_SCOPES = Set.of("exchange", "api_server");

    private ConfigMasker() {
    }

    /** Returns a masked deep copy; never throws, {@code null} gives an empty object. */
    public static ObjectNode mask(JsonNode config) {
        if (config == null || !config.isObject()) {
            return NF.objectNode();
        }
        ObjectNode out = ((ObjectNode) config).deepCopy();
        maskObject(out, false, "");
        JsonNode db = out.get("db_url");
        if (db != null && db.isString()) {
            out.put("db_url", maskDbUrl(db.stringValue()));
        }
        maskUrl(out, "discord", "webhook_url");
        maskUrl(out, "webhook", "url");
        return out;
    }

    /** Masks the password of a URL's user-info ({@code scheme://user:password@host}). */
    public static String maskDbUrl(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int at = url.indexOf('@', scheme + 3);
        if (at < 0) {
            return url;
        }
        int slash = url.indexOf('/', scheme + 3);
        if (slash >= 0 && slash < at) {
            return url; // '@' is in the path, not in the authority
        }
        int colon = url.indexOf(':', scheme + 3);
        if (colon < 0 || colon > at) {
            return url;
        }
        return url.substring(0, colon + 1) + MASK + url.substring(at);
    }

    private static void maskUrl(ObjectNode root, String section, String key) {
        JsonNode s = root.get(section);
        if (s != null && s.isObject()) {
            ObjectNode o = (ObjectNode) s;
            JsonNode v = o.get(key);
            if (v != null) {
                o.set(key, maskValue(v));
            }
        }
    }

    private static void maskObject(ObjectNode node, boolean keyScope, String path) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = e.getKey();
            JsonNode value = e.getValue();
            boolean scope = keyScope || (path.isEmpty() && KEY_SCOPES.contains(name));
            if (isSecretName(name, keyScope)) {
                e.setValue(maskValue(value));
            } else if (value.isObject()) {
                maskObject((ObjectNode) value, scope, path + name + ".");
            } else if (value.isArray()) {
                maskArray((ArrayNode) value, scope, path + name + ".");
            }
        }
    }

    private static void maskArray(ArrayNode array, boolean keyScope, String path) {
        for (JsonNode element : array) {
            if (element.isObject()) {
                maskObject((ObjectNode) element, keyScope, path);
            } else if (element.isArray()) {
                maskArray((ArrayNode) element, keyScope, path);
            }
        }
    }

    static boolean isSecretName(String name, boolean keyScope) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("secret") || n.contains("password") || n.contains("token")) {
            return true;
        }
        return keyScope && (n.contains("key") || n.equals("uid"));
    }

    private static JsonNode maskValue(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode() || value.isBoolean()) {
            return value;
        }
        if (value.isString()) {
            return value.stringValue().isEmpty() ? value : NF.stringNode(MASK);
        }
        if (value.isArray()) {
            ArrayNode out = NF.arrayNode();
            for (JsonNode element : value) {
                out.add(maskValue(element));
            }
            return out;
        }
        if (value.isObject() && value.isEmpty()) {
            return value;
        }
        return NF.stringNode(MASK);
    }
}
