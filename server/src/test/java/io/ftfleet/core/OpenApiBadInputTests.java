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

    record Case(String description, Function<Api, Api.Response> call) {
    }

    @Test
    void everyOperationAnswersBadInputWithA4xxProblemDetail() {
        Api api = new Api(port);
        String apiKey = adminApiKey(api);
        JsonNode spec = api.get("/openapi.json", null).json();
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
        }
        return cases;
    }

    /** Every declared body property with a value of the wrong JSON type. */
    private static String wrongTyped(JsonNode op) {
        JsonNode content = op.path("requestBody").path("content");
        StringBuilder json = new StringBuilder("{");
        for (JsonNode media : content) {
            JsonNode schema = media.path("schema");
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
