package io.ftfleet.core;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** Unauthenticated operational routes of the original server: health, info, smoke test, spec alias. */
@Controller
@Tag(name = "system")
class OpsController {

    static final String NAME = "Freqtrade Multi-Bot Management";

    private final Readiness readiness;
    private final String version;
    private final String commit;
    private final Instant started = Instant.now();

    OpsController(Readiness readiness, ObjectProvider<BuildProperties> build, ObjectProvider<GitProperties> git) {
        this.readiness = readiness;
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
     * ({@link Readiness}), never a check run on the request.
     */
    @Operation(summary = "Liveness and readiness (checks run in the background; each with the age of its result); "
            + "503 when a required component is down")
    @GetMapping("/health")
    @ResponseBody
    ResponseEntity<HealthResponse> health() {
        Map<String, Component> results = new LinkedHashMap<>();
        boolean ready = true;
        for (Readiness.Status status : readiness.statuses()) {
            results.put(status.name(), new Component(status.up() ? "healthy" : "unhealthy", status.required(),
                    status.detail(), status.age().toMillis()));
            ready &= status.up() || !status.required();
        }
        HealthResponse body = new HealthResponse(ready ? "healthy" : "unhealthy", "ftfleet", version,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), true, ready, results);
        return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
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
