package io.ftfleet.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Golden JSON: the wire shape of an answer as captured from the code before a refactoring, kept under
 * {@code src/test/resources/golden/}. A shape keeps every key in its order, the nesting, null vs absent, int vs
 * double, and exact values; only what moves between runs is reduced to its kind: times become {@code <time Z>} or
 * {@code <time naive>}, and values under {@link Rules#loose} keys become {@code <int>}, {@code <double>},
 * {@code <string>}, {@code <bool>}. Under {@link Rules#dynamicKeys} the keys themselves vary (a count per state), so
 * such an object becomes {@code {"<key>": <shape of its values>}}. Record a file with {@code -Dgolden.record=true}.
 */
public final class Golden {

    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?Z?");
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Which keys hold values that move between runs, and which objects have keys that do. */
    public record Rules(Set<String> loose, Set<String> dynamicKeys) {
        public static final Rules EXACT = new Rules(Set.of(), Set.of());

        public static Rules loose(String... keys) {
            return new Rules(Set.of(keys), Set.of());
        }

        public Rules dynamic(String... keys) {
            Set<String> all = new LinkedHashSet<>(dynamicKeys);
            all.addAll(Set.of(keys));
            return new Rules(loose, all);
        }
    }

    private Golden() {
    }

    /** Asserts that {@code actual} has the shape stored as {@code golden/<name>.json}, or records it. */
    public static void assertShape(String name, JsonNode actual, Rules rules) {
        Path file = Path.of("src/test/resources/golden", name + ".json");
        String shape = JSON.writeValueAsString(shape(actual, rules, false)) + "\n";
        try {
            if (Boolean.getBoolean("golden.record")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, shape);
                return;
            }
            assertThat(file).as("golden file %s (record it with -Dgolden.record=true on the unchanged code)", file)
                    .exists();
            assertThat(shape).as("wire shape of %s", name).isEqualTo(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode shape(JsonNode node, Rules rules, boolean loose) {
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                boolean looseChild = loose || rules.loose().contains(e.getKey());
                out.set(e.getKey(), rules.dynamicKeys().contains(e.getKey()) ? dynamic(e.getValue(), rules, looseChild)
                        : shape(e.getValue(), rules, looseChild));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(element -> out.add(shape(element, rules, loose)));
            return out;
        }
        if (node.isString()) {
            String s = node.asString();
            if (TIME.matcher(s).matches()) {
                return NODES.stringNode(s.endsWith("Z") ? "<time Z>" : "<time naive>");
            }
            return loose ? NODES.stringNode("<string>") : node;
        }
        if (node.isIntegralNumber()) {
            return loose ? NODES.stringNode("<int>") : node;
        }
        if (node.isNumber()) {
            return loose ? NODES.stringNode("<double>") : node;
        }
        if (node.isBoolean()) {
            return loose ? NODES.stringNode("<bool>") : node;
        }
        return node; // null
    }

    private static JsonNode dynamic(JsonNode node, Rules rules, boolean loose) {
        if (!node.isObject()) {
            return shape(node, rules, loose);
        }
        Set<JsonNode> values = new LinkedHashSet<>();
        node.properties().forEach(e -> values.add(shape(e.getValue(), rules, true)));
        ObjectNode out = NODES.objectNode();
        ArrayNode kinds = NODES.arrayNode();
        values.forEach(kinds::add);
        out.set("<key>", kinds);
        return out;
    }
}
