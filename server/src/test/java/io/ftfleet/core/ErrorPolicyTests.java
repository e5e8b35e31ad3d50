package io.ftfleet.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@FullStackTest
class ErrorPolicyTests {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    private static void assertProblem(Api.Response r, int status, String code) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.header("content-type")).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("detail").isString()).isTrue();
        assertThat(r.text("code")).isEqualTo(code);
        assertThat(r.text("requestId")).isEqualTo(r.header("x-request-id"));
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.ftfleet").doesNotContain("tools.jackson");
    }

    @Test
    void malformedJsonIsA400() {
        assertProblem(api.postJson("/api/v1/auth/login/json", null, "{\"username\": \"admin\","), 400, "malformed_json");
    }

    @Test
    void unknownEnumValueIsA422NamingTheField() {
        Api.Response r = api.postJson("/api/v1/users", api.adminToken(),
                "{\"username\":\"enumy\",\"email\":\"e@example.com\",\"password\":\"password-1\",\"role\":\"superhero\"}");
        assertProblem(r, 422, "validation_failed");
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("role");
    }

    @Test
    void wrongTypeIsA422NamingTheField() {
        Api.Response r = api.request("PATCH", "/api/v1/users/1").bearer(api.adminToken())
                .json("{\"is_active\":{\"nested\":true}}").send();
        assertProblem(r, 422, "validation_failed");
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("is_active");
    }

    @Test
    void oversizedBodyIsA413() {
        byte[] big = ("{\"username\":\"" + "x".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertProblem(api.request("POST", "/api/v1/auth/login/json").body("application/json", big).send(), 413,
                "payload_too_large");
    }

    @Test
    void oversizedChunkedBodyIsA413() throws Exception {
        // No Content-Length: the body is streamed in chunks, so only counting it as it is read can refuse it.
        byte[] big = ("{\"username\":\"" + "x".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/login/json"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("payload_too_large").doesNotContain("Exception");
    }

    @Test
    void unknownPathIsA404AndWrongMethodA405() {
        assertProblem(api.get("/api/v1/nonexistent", null), 404, "not_found");
        Api.Response r = api.request("DELETE", "/api/v1/auth/login/json").send();
        assertProblem(r, 405, "method_not_allowed");
    }

    @Test
    void wrongContentTypeIsA415() {
        Api.Response r = api.request("POST", "/api/v1/auth/login/json").body("text/plain", "hi".getBytes()).send();
        assertProblem(r, 415, "unsupported_media_type");
    }

    @Test
    void nonNumericIdIsA404() {
        assertProblem(api.get("/api/v1/users/abc", api.adminToken()), 404, "not_found");
    }

    @Test
    void echoesWellFormedRequestIdAndReplacesOthers() {
        Api.Response mine = api.request("GET", "/api/v1/nonexistent").header("X-Request-Id", "abc-123").send();
        assertThat(mine.header("x-request-id")).isEqualTo("abc-123");
        assertThat(mine.text("requestId")).isEqualTo("abc-123");
        Api.Response hostile = api.request("GET", "/api/v1/nonexistent").header("X-Request-Id", "a b\tc<script>").send();
        assertThat(hostile.header("x-request-id")).hasSize(36).doesNotContain("<");
    }

    @Test
    void healthKeepsTheOriginalShapeAndAddsChecks() {
        Api.Response r = api.get("/health", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text("status")).isEqualTo("healthy");
        assertThat(r.text("timestamp")).endsWith("Z");
        assertThat(r.json().get("checks").get("database").get("status").asString()).isEqualTo("healthy");
    }

    @Test
    void servesDocsSpecMetricsAndInfo() {
        assertThat(api.get("/openapi.json", null).json().get("paths").has("/api/v1/auth/login/json")).isTrue();
        assertThat(api.get("/api/v1/openapi.json", null).json().get("paths").has("/api/v1/auth/me")).isTrue();
        // routes that write prepared bytes still document their typed bodies
        var paths = api.get("/openapi.json", null).json().get("paths");
        assertThat(paths.at("/~1api~1v1~1auth~1me/get/responses/200/content/application~1json/schema/$ref").asString())
                .endsWith("/UserResponse");
        assertThat(paths.at("/~1health/get/responses/200/content/application~1json/schema/$ref").asString())
                .endsWith("/HealthResponse");
        assertThat(api.get("/docs", null).status()).isEqualTo(302);
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
        assertThat(api.get("/metrics", null).status()).isEqualTo(401);
        Api.Response metrics = api.get("/metrics", api.adminToken());
        assertThat(metrics.body()).contains("http_server_requests_seconds").contains("jvm_memory_used_bytes")
                .contains("hikaricp_connections");
        Api.Response info = api.get("/api/v1/info", null);
        assertThat(info.text("version")).isNotBlank();
        assertThat(info.json().get("uptime_seconds").isNumber()).isTrue();
    }

    @Test
    void sendsSecurityHeadersAndHonoursCorsAllowList() {
        Api.Response r = api.request("GET", "/health").header("Origin", "http://localhost:5176").send();
        assertThat(r.header("access-control-allow-origin")).isEqualTo("http://localhost:5176");
        assertThat(r.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(r.header("x-frame-options")).isEqualTo("DENY");
        Api.Response evil = api.request("OPTIONS", "/api/v1/auth/me").header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "GET").send();
        assertThat(evil.status()).isEqualTo(403);
        assertThat(evil.header("access-control-allow-origin")).isNull();
    }
}
