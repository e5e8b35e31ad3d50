package io.ftfleet.audit;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an event's before/after snapshots into the {@code details} JSON text of an entry:
 * <pre>{"changes": {"role": {"before": "viewer", "after": "operator"}}, "before": {...}, "after": {...}}</pre>
 * <ul>
 * <li>{@code changes} lists only the top-level keys whose value differs (a creation lists every key with
 * {@code before: null}, a deletion every key with {@code after: null}), keys sorted.</li>
 * <li>The full {@code before}/{@code after} snapshots are kept too while both together stay under
 * {@value #SNAPSHOT_LIMIT} characters: small entries are then self-explanatory, big ones do not bloat the table.</li>
 * <li>Any key whose name contains {@code secret}, {@code password}, {@code passphrase}, {@code token} or
 * {@code key} has its non-null value replaced by {@value #MASK}, at any depth. Publishers already mask; this is
 * defence in depth, because the table is append-only and a leaked secret could never be removed. Differences are
 * found on the unmasked values, so a changed secret still shows up in {@code changes} (as {@code *** -> ***}).</li>
 * </ul>
 * The text is stored verbatim and hashed as stored, so its exact formatting never matters for verification.
 */
final class AuditDetails {

    static final int SNAPSHOT_LIMIT = 4_096;
    /** The column's size. */
    static final int MAX_LENGTH = 100_000;
    static final String MASK = "***";
    private static final List<String> SECRET_WORDS = List.of("secret", "password", "passphrase", "token", "key");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonMapper json;

    AuditDetails(JsonMapper json) {
        this.json = json;
    }

    /** The details text, or null when the event carried neither snapshot. */
    String of(Map<String, Object> before, Map<String, Object> after) {
        if (before == null && after == null) {
            return null;
        }
        ObjectNode rawBefore = toObject(before);
        ObjectNode rawAfter = toObject(after);
        ObjectNode maskedBefore = rawBefore == null ? null : (ObjectNode) mask(rawBefore);
        ObjectNode maskedAfter = rawAfter == null ? null : (ObjectNode) mask(rawAfter);

        TreeSet<String> keys = new TreeSet<>();
        if (rawBefore != null) {
            keys.addAll(rawBefore.propertyNames());
        }
        if (rawAfter != null) {
            keys.addAll(rawAfter.propertyNames());
        }
        ObjectNode changes = NODES.objectNode();
        for (String key : keys) {
            if (!value(rawBefore, key).equals(value(rawAfter, key))) {
                ObjectNode change = changes.putObject(key);
                change.set("before", value(maskedBefore, key));
                change.set("after", value(maskedAfter, key));
            }
        }

        ObjectNode details = NODES.objectNode();
        details.set("changes", changes);
        String snapshots = json.writeValueAsString(maskedBefore) + json.writeValueAsString(maskedAfter);
        if (snapshots.length() <= SNAPSHOT_LIMIT) {
            details.set("before", maskedBefore == null ? NODES.nullNode() : maskedBefore);
            details.set("after", maskedAfter == null ? NODES.nullNode() : maskedAfter);
        }
        String text = json.writeValueAsString(details);
        if (text.length() <= MAX_LENGTH) {
            return text;
        }
        // Too big even without the snapshots: keep which keys changed, never a value cut in half.
        ObjectNode truncated = NODES.objectNode();
        truncated.put("truncated", true);
        ArrayNode names = truncated.putArray("changed_keys");
        changes.propertyNames().forEach(names::add);
        text = json.writeValueAsString(truncated);
        return text.length() <= MAX_LENGTH ? text : "{\"truncated\":true}";
    }

    static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** A copy of {@code node} with the value of every secret-named key replaced by {@value #MASK}. */
    static JsonNode mask(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                JsonNode value = property.getValue();
                if (isSecret(property.getKey()) && !value.isNull()) {
                    copy.put(property.getKey(), MASK);
                } else {
                    copy.set(property.getKey(), mask(value));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(element -> copy.add(mask(element)));
            return copy;
        }
        return node;
    }

    private ObjectNode toObject(Map<String, Object> snapshot) {
        if (snapshot == null) {
            return null;
        }
        JsonNode tree = json.valueToTree(snapshot);
        return tree instanceof ObjectNode object ? object : NODES.objectNode();
    }

    private static JsonNode value(ObjectNode node, String key) {
        JsonNode value = node == null ? null : node.get(key);
        return value == null ? NODES.nullNode() : value;
    }
}
