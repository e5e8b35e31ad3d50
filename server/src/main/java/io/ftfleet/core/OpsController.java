package io.ftfleet.core;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** Unauthenticated operational routes of the original server: health, info, smoke test, spec alias. */
@Controller
@Tag(name = "system")
class OpsController {

    static final String NAME = "Freqtrade Multi-Bot Management";

    private final Readiness readiness;
    private final String version;
    private final String commit;
    private final Instant started = Instant.now();
    private final ObjectWriter healthWriter;

    OpsController(Readiness readiness, ObjectProvider<BuildProperties> build, ObjectProvider<GitProperties> git,
            JsonMapper json) {
        this.readiness = readiness;
        this.healthWriter = json.writerFor(HealthResponse.class);
        BuildProperties buildProperties = build.getIfAvailable();
        GitProperties gitProperties = git.getIfAvailable();
        this.version = buildProperties != null ? buildProperties.getVersion() : "dev";
        this.commit = gitProperties != null && gitProperties.getShortCommitId() != null ? gitProperties.getShortCommitId() : "unknown";
    }

    record HealthResponse(String status, String service, String version, Instant timestamp, boolean live, boolean ready,
            Map<String, Component> checks) {
    }

    /** {@code age_ms}: how long ago this result was measured (checks run in the background, every interval). */
    record Component(String status, boolean required, String detail, long ageMs) {
    }

    /**
     * Answers from memory: liveness is this answer itself, readiness the last results of the background checks
     * ({@link Readiness}), never a check run on the request. Written straight to the response with one prepared
     * writer: load balancers and monitors poll this route, and Spring MVC's content negotiation and message converter
     * selection were a quarter of its CPU (docs/BENCHMARKS.md). The body is {@link HealthResponse}, always JSON.
     */
    @Operation(summary = "Liveness and readiness (checks run in the background; each with the age of its result); "
            + "503 when a required component is down", responses = {
                    @ApiResponse(responseCode = "200", description = "ready", content = @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = HealthResponse.class))),
                    @ApiResponse(responseCode = "503", description = "a required component is down", content = @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = HealthResponse.class))) })
    @GetMapping("/health")
    void health(HttpServletResponse response) throws IOException {
        Map<String, Component> results = new LinkedHashMap<>();
        boolean ready = true;
        for (Readiness.Status status : readiness.statuses()) {
            results.put(status.name(), new Component(status.up() ? "healthy" : "unhealthy", status.required(),
                    status.detail(), status.age().toMillis()));
            ready &= status.up() || !status.required();
        }
        HealthResponse body = new HealthResponse(ready ? "healthy" : "unhealthy", "ftfleet", version,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), true, ready, results);
        byte[] json = healthWriter.writeValueAsBytes(body);
        response.setStatus(ready ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    record InfoResponse(String name, String version, String commit, long uptimeSeconds, Instant startedAt,
            List<String> features) {
    }

    @Operation(summary = "Server name, version, git commit and uptime")
    @GetMapping("/api/v1/info")
    @ResponseBody
    InfoResponse info() {
        return new InfoResponse(NAME, version, commit, Duration.between(started, Instant.now()).toSeconds(), started,
                List.of("bot_management", "monitoring", "analytics", "audit_logs", "admin_panel"));
    }

    record TestResponse(String message, String status) {
    }

    @Operation(summary = "Smoke test: answers when the API is being served")
    @GetMapping("/api/v1/test")
    @ResponseBody
    TestResponse test() {
        return new TestResponse("Test endpoint works", "ok");
    }

    /** The original served its spec here; keep it for existing clients. */
    @GetMapping("/api/v1/openapi.json")
    String openApiAlias() {
        return "forward:/openapi.json";
    }
}
