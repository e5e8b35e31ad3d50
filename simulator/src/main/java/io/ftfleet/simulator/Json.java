package io.ftfleet.simulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON helpers. Config files are parsed leniently like rapidjson (comments, trailing commas). */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {}

    public static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pretty(Object o) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> readMap(String s) throws java.io.IOException {
        Object o = MAPPER.readValue(s, Object.class);
        if (!(o instanceof Map)) {
            throw new java.io.IOException("Expected a JSON object");
        }
        return (Map<String, Object>) o;
    }

    public static Object read(String s) throws java.io.IOException {
        return MAPPER.readValue(s, Object.class);
    }

    /** Ordered map builder: Json.obj("a", 1, "b", 2). */
    public static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    public static List<Object> list(Object... items) {
        List<Object> l = new ArrayList<>();
        for (Object o : items) l.add(o);
        return l;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : null;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> mapOrEmpty(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> listOf(Object o) {
        return o instanceof List ? (List<Object>) o : new ArrayList<>();
    }

    public static String str(Object o, String def) {
        return o == null ? def : String.valueOf(o);
    }

    public static double num(Object o, double def) {
        if (o instanceof Number n) return n.doubleValue();
        if (o instanceof String s) {
            try { return Double.parseDouble(s); } catch (NumberFormatException e) { return def; }
        }
        return def;
    }

    public static boolean bool(Object o, boolean def) {
        if (o instanceof Boolean b) return b;
        return def;
    }

    /** Deep copy through serialisation (config maps only contain JSON types). */
    public static Map<String, Object> deepCopy(Map<String, Object> m) {
        try {
            return readMap(write(m));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Freqtrade's deep_merge_dicts(source=override, destination=base): override wins, dicts merge recursively. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> deepMerge(Map<String, Object> override, Map<String, Object> base) {
        for (Map.Entry<String, Object> e : override.entrySet()) {
            Object v = e.getValue();
            Object existing = base.get(e.getKey());
            if (v instanceof Map && existing instanceof Map) {
                deepMerge((Map<String, Object>) v, (Map<String, Object>) existing);
            } else {
                base.put(e.getKey(), v);
            }
        }
        return base;
    }

    static JsonParser.Feature[] none() { return new JsonParser.Feature[0]; }
}
