package io.ftfleet.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.OpenApi;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * Walks every operation in {@code /openapi.json} with missing, wrong-typed, malformed and oversized inputs, with
 * and without credentials, and requires a 4xx ProblemDetail (or a success), never a 5xx. Endpoints added later are
 * covered without new test code.
 */
@FullStackTest
class OpenApiBadInputTests {

    private static final String HUGE = "x".repeat(5_000);

    @LocalServerPort
    int port;

    /** Routes that run Freqtrade utilities (exchanges) need a command that exists: the simulator. */
    @org.springframework.test.context.DynamicPropertySource
    static void freqtrade(org.springframework.test.context.DynamicPropertyRegistry registry) {
        io.ftfleet.support.Simulator.useAsFreqtrade(registry);
    }

    /** The served document, for resolving {@code $ref}s of request bodies. */
    private JsonNode spec;

    record Case(String description, Function<Api, Api.Response> call) {
    }

    @Test
    void everyOperationAnswersBadInputWithA4xxProblemDetail() {
        Api api = new Api(port);
        String apiKey = adminApiKey(api);
        spec = api.get("/openapi.json", null).json();
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Map.Entry<String, JsonNode> path : spec.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String method = op.getKey().toUpperCase();
                if (OpenApi.isEventStream(op.getValue())) {
                    continue; // streams never end by themselves; covered by their own tests
                }
                for (Case c : cases(method, path.getKey(), op.getValue(), apiKey)) {
                    Api.Response r = c.call().apply(api);
                    calls++;
                    String problem = check(r);
                    if (problem != null) {
                        failures.add(method + " " + path.getKey() + " [" + c.description() + "] -> " + r.status() + ": "
                                + problem + " " + abbreviate(r.body()));
                    }
                }
            }
        }
        assertThat(calls).isGreaterThan(100);
        assertThat(failures).isEmpty();
    }

    private static String check(Api.Response r) {
        if (r.status() >= 500) {
            return "server error";
        }
        if (r.status() >= 400) {
            String type = r.header("content-type");
            if (type == null || !type.startsWith("application/problem+json")) {
                return "not a ProblemDetail (" + type + ")";
            }
            JsonNode body = r.json();
            if (!body.path("detail").isString() || !body.path("code").isString()) {
                return "ProblemDetail without string detail and code";
            }
            if (r.body().contains("Exception") || r.body().contains("\tat ")) {
                return "leaks internals";
            }
        }
        return null;
    }

    private List<Case> cases(String method, String template, JsonNode op, String apiKey) {
        List<Case> cases = new ArrayList<>();
        List<JsonNode> params = new ArrayList<>();
        op.path("parameters").forEach(params::add);
        String valid = fill(template, params, "1");
        cases.add(new Case("no credentials", api -> api.request(method, valid).send()));
        cases.add(new Case("bad bearer", api -> api.request(method, valid).bearer("not.a.jwt").send()));
        for (String bad : List.of("abc", "-1", "99999999999999999999", HUGE, "%00", "..%2F..%2Fetc")) {
            String path = fill(template, params, bad);
            if (!path.equals(valid)) {
                cases.add(new Case("path=" + abbreviate(bad), api -> api.request(method, path).header("X-API-Key", apiKey).send()));
            }
        }
        StringBuilder wrongQuery = new StringBuilder();
        StringBuilder hugeQuery = new StringBuilder();
        for (JsonNode p : params) {
            if ("query".equals(p.path("in").asString())) {
                wrongQuery.append(wrongQuery.isEmpty() ? "?" : "&").append(p.path("name").asString()).append("=%7B%5B");
                hugeQuery.append(hugeQuery.isEmpty() ? "?" : "&").append(p.path("name").asString()).append('=').append(HUGE);
            }
        }
        if (!wrongQuery.isEmpty()) {
            cases.add(new Case("wrong query", api -> api.request(method, valid + wrongQuery).header("X-API-Key", apiKey).send()));
            cases.add(new Case("huge query", api -> api.request(method, valid + hugeQuery).header("X-API-Key", apiKey).send()));
        }
        cases.add(new Case("no body", api -> api.request(method, valid).header("X-API-Key", apiKey).send()));
        if (op.has("requestBody")) {
            for (String body : List.of("{}", "[]", "null", "{", "\"text\"", "{\"a\":" + "[".repeat(2000) + "]",
                    wrongTyped(op))) {
                cases.add(new Case("json " + abbreviate(body),
                        api -> api.request(method, valid).header("X-API-Key", apiKey).json(body).send()));
            }
            byte[] oversized = ("{\"name\":\"" + "y".repeat(3_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            cases.add(new Case("oversized", api -> api.request(method, valid).header("X-API-Key", apiKey)
                    .body("application/json", oversized).send()));
            cases.add(new Case("form body", api -> api.request(method, valid).header("X-API-Key", apiKey)
                    .form("a=1&b=%ZZ").send()));
            for (String body : List.of(deepObject(5_000), "{\"name\":\"a\",\"name\":\"b\",\"name\":1}",
                    numbers(op, "1e999999"), numbers(op, "123456789012345678901234567890123456789"),
                    numbers(op, "-1e-999999"), "{\"a\":\"\\ud800\"}", "\uFEFF{}")) {
                cases.add(new Case("json " + abbreviate(body),
                        api -> api.request(method, valid).header("X-API-Key", apiKey).json(body).send()));
            }
        }
        // Bodies and content types a client may send to any operation, whether it takes a body or not.
        byte[] someBytes = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        for (String type : List.of("multipart/form-data", "multipart/form-data; boundary=", "multipart/mixed",
                "multipart/form-data; boundary=zzz", "multipart/", "text/plain", "application/xml",
                "application/octet-stream", "application/json; charset=no-such-charset", "application/json; charset=utf-32",
                "application/x-www-form-urlencoded; charset=no-such-charset", "*/*", "application", "é/é")) {
            cases.add(new Case("content-type " + type, api -> api.request(method, valid).header("X-API-Key", apiKey)
                    .body(type, someBytes).send()));
        }
        for (String accept : List.of("application/xml", "text/event-stream", "image/png;q=abc")) {
            cases.add(new Case("accept " + accept, api -> api.request(method, valid).header("X-API-Key", apiKey)
                    .header("Accept", accept).send()));
        }
        // Each query parameter alone at the edges of its type: instants Java can parse but nothing can compute with.
        for (JsonNode p : params) {
            if (!"query".equals(p.path("in").asString())) {
                continue;
            }
            for (String edge : List.of("-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59.999999999Z",
                    "0000-01-01T00:00:00Z", "1e400", "-99999999999999999999", "NaN")) {
                String query = "?" + p.path("name").asString() + "=" + java.net.URLEncoder.encode(edge, StandardCharsets.UTF_8);
                cases.add(new Case("query " + p.path("name").asString() + "=" + edge,
                        api -> api.request(method, valid + query).header("X-API-Key", apiKey).send()));
            }
        }
        return cases;
    }

    private static String deepObject(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    /** Every declared body property as the given number literal. */
    private String numbers(JsonNode op, String literal) {
        StringBuilder json = new StringBuilder("{");
        for (JsonNode media : op.path("requestBody").path("content")) {
            for (Map.Entry<String, JsonNode> prop : resolve(media.path("schema")).path("properties").properties()) {
                json.append(json.length() > 1 ? "," : "").append('"').append(prop.getKey()).append("\":").append(literal);
            }
            break;
        }
        return json.length() == 1 ? "{\"n\":" + literal + "}" : json.append('}').toString();
    }

    /** Every declared body property with a value of the wrong JSON type. */
    private String wrongTyped(JsonNode op) {
        JsonNode content = op.path("requestBody").path("content");
        StringBuilder json = new StringBuilder("{");
        for (JsonNode media : content) {
            JsonNode schema = resolve(media.path("schema"));
            for (Map.Entry<String, JsonNode> prop : schema.path("properties").properties()) {
                String type = prop.getValue().path("type").asString();
                String wrong = switch (type) {
                    case "string" -> "{\"nested\":[1,2]}";
                    case "array" -> "\"not-an-array\"";
                    case "object" -> "[true]";
                    default -> "\"not-a-" + type + "\"";
                };
                json.append(json.length() > 1 ? "," : "").append('"').append(prop.getKey()).append("\":").append(wrong);
            }
            break;
        }
        return json.append('}').toString();
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        return ref.startsWith("#/") ? spec.at(ref.substring(1)) : schema;
    }

    private static String fill(String template, List<JsonNode> params, String value) {
        String path = template;
        for (JsonNode p : params) {
            if ("path".equals(p.path("in").asString())) {
                path = path.replace("{" + p.path("name").asString() + "}", value);
            }
        }
        return path;
    }

    private static String adminApiKey(Api api) {
        String admin = api.adminToken();
        return api.postJson("/api/v1/users/1/api-keys", admin, "{\"name\":\"fuzz\"}").text("key");
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
