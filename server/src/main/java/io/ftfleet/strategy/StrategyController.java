package io.ftfleet.strategy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.ftfleet.core.ApiException;
import io.ftfleet.user.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The original's strategy routes (now authenticated and versioned), plus version history, diff and current. */
@RestController
@RequestMapping("/api/v1/strategies")
@Tag(name = "strategies")
class StrategyController {

    private final Strategies strategies;
    private final org.springframework.beans.factory.ObjectProvider<StrategyVetting> vetting;
    private final tools.jackson.databind.json.JsonMapper json;

    StrategyController(Strategies strategies,
            org.springframework.beans.factory.ObjectProvider<StrategyVetting> vetting,
            tools.jackson.databind.json.JsonMapper json) {
        this.vetting = vetting;
        this.json = json;
        this.strategies = strategies;
    }

    /** {@code name} is accepted as the web UI sends it ({@code {name, code}}). */
    record CodeRequest(String code, String name, String note) {
    }

    record Saved(String message, String className, long versionId, int version, String sha256, boolean valid,
            List<String> errors) {
    }

    record CodeResponse(String code) {
    }

    record SetCurrentRequest(Integer version) {
    }

    record ShareRequest(String access) {
    }

    record DiffResponse(String className, int from, int to, String diff) {
    }

    @Operation(summary = "Names (class names) of all strategies")
    @GetMapping({ "", "/" })
    List<String> list() {
        return strategies.names();
    }

    @Operation(summary = "The current version's code, with its version and validation report")
    @GetMapping("/{strategyName}")
    Strategies.VersionDetail get(@PathVariable String strategyName, @AuthenticationPrincipal CurrentUser user) {
        return strategies.current(strategyName, user);
    }

    @Operation(summary = "Create a strategy (first version). Its identity is its class name.")
    @PostMapping({ "", "/" })
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('OPERATOR')")
    Saved create(@RequestParam(name = "strategy_name", required = false) String strategyName,
            @RequestBody CodeRequest body, @AuthenticationPrincipal CurrentUser user) {
        requireCode(body);
        return saved("Strategy created successfully",
                strategies.create(strategyName != null ? strategyName : body.name(), body.code(), body.note(), user));
    }

    @Operation(summary = "Save a new version and make it current")
    @PutMapping("/{strategyName}")
    @PreAuthorize("hasRole('OPERATOR')")
    Saved update(@PathVariable String strategyName, @RequestBody CodeRequest body,
            @AuthenticationPrincipal CurrentUser user) {
        requireCode(body);
        return saved("Strategy updated successfully", strategies.update(strategyName, body.code(), body.note(), user));
    }

    @Operation(summary = "Delete a strategy and its versions; refused while bots use it")
    @DeleteMapping("/{strategyName}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasRole('OPERATOR')")
    void delete(@PathVariable String strategyName, @AuthenticationPrincipal CurrentUser user) {
        strategies.delete(strategyName, user);
    }

    @Operation(summary = "Validate code with a Python parser without saving it")
    @PostMapping("/analyze")
    Map<String, Object> analyze(@RequestBody CodeRequest body) {
        requireCode(body);
        return strategies.analyzeResponse(strategies.analyze(body.code()));
    }

    @Operation(summary = "Extract the Python code block of a Markdown file (nothing is saved)")
    @PostMapping(path = "/upload_md", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    CodeResponse uploadMarkdown(@RequestPart("file") MultipartFile file) {
        String filename = file.getOriginalFilename();
        if (filename == null || !filename.toLowerCase().endsWith(".md")) {
            throw ApiException.badRequest("invalid_file_type", "Invalid file type. Please upload a .md file.");
        }
        String markdown = utf8(file);
        return MarkdownCode.extractPython(markdown).map(CodeResponse::new)
                .orElseThrow(() -> ApiException.invalidField("file", "contains no Python code block"));
    }

    @Operation(summary = "All versions of a strategy, oldest first")
    @GetMapping("/{strategyName}/versions")
    List<Strategies.VersionSummary> versions(@PathVariable String strategyName,
            @AuthenticationPrincipal CurrentUser user) {
        return strategies.versions(strategyName, user);
    }

    @Operation(summary = "One version with its code and validation report")
    @GetMapping("/{strategyName}/versions/{version}")
    Strategies.VersionDetail version(@PathVariable String strategyName, @PathVariable int version,
            @AuthenticationPrincipal CurrentUser user) {
        return strategies.version(strategyName, version, user);
    }

    /** One research job's result as a version shows it; {@code biased} only for the bias checks. */
    record ResearchCheck(long jobId, java.time.Instant finishedAt, Boolean biased,
            tools.jackson.databind.JsonNode summary) {
    }

    /** The latest completed backtest and bias checks of exactly this version (null: never run). */
    record Research(String className, int version, long strategyVersionId, ResearchCheck backtest,
            ResearchCheck lookaheadAnalysis, ResearchCheck recursiveAnalysis) {
    }

    @Operation(summary = "The version's latest completed backtest, lookahead analysis and recursive analysis")
    @GetMapping("/{strategyName}/versions/{version}/research")
    Research research(@PathVariable String strategyName, @PathVariable int version,
            @AuthenticationPrincipal CurrentUser user) {
        Strategies.VersionDetail detail = strategies.version(strategyName, version, user);
        StrategyVetting.Vetting v = vetting.stream().findFirst().map(s -> s.of(detail.id()))
                .orElse(StrategyVetting.Vetting.none());
        return new Research(detail.className(), detail.version(), detail.id(), check(v.backtest()),
                check(v.lookahead()), check(v.recursive()));
    }

    private ResearchCheck check(java.util.Optional<StrategyVetting.Check> check) {
        return check.map(c -> new ResearchCheck(c.jobId(), c.finishedAt(), c.biased(),
                c.summary() == null ? null : json.readTree(c.summary()))).orElse(null);
    }

    @Operation(summary = "Unified diff between two versions")
    @GetMapping("/{strategyName}/diff")
    DiffResponse diff(@PathVariable String strategyName, @RequestParam int from, @RequestParam int to,
            @AuthenticationPrincipal CurrentUser user) {
        return new DiffResponse(strategyName, from, to, strategies.diff(strategyName, from, to, user));
    }

    @Operation(summary = "Choose which version is current (bots pinned to a version keep theirs)")
    @PutMapping("/{strategyName}/current")
    @PreAuthorize("hasRole('OPERATOR')")
    Strategies.VersionDetail setCurrent(@PathVariable String strategyName, @RequestBody SetCurrentRequest body,
            @AuthenticationPrincipal CurrentUser user) {
        if (body.version() == null) {
            throw ApiException.invalidField("version", "is required");
        }
        return strategies.setCurrent(strategyName, body.version(), user);
    }

    @Operation(summary = "Users the strategy is shared with (its owner or an admin)")
    @GetMapping("/{strategyName}/shares")
    List<Strategies.Share> shares(@PathVariable String strategyName, @AuthenticationPrincipal CurrentUser user) {
        return strategies.shares(strategyName, user);
    }

    @Operation(summary = "How the strategy is shared with one user (its owner or an admin)")
    @GetMapping("/{strategyName}/shares/{userId}")
    Strategies.Share share(@PathVariable String strategyName, @PathVariable long userId,
            @AuthenticationPrincipal CurrentUser user) {
        return strategies.share(strategyName, userId, user);
    }

    @Operation(summary = "Share the strategy with a user: viewer (reads its code) or editor (also publishes versions "
            + "and chooses the current one). Only its owner or an admin.")
    @PutMapping("/{strategyName}/shares/{userId}")
    @PreAuthorize("hasRole('OPERATOR')")
    Strategies.Share putShare(@PathVariable String strategyName, @PathVariable long userId,
            @RequestBody ShareRequest body, @AuthenticationPrincipal CurrentUser user) {
        if (body.access() == null) {
            throw ApiException.invalidField("access", "is required (viewer or editor)");
        }
        return strategies.share(strategyName, userId, body.access(), user);
    }

    @Operation(summary = "Stop sharing the strategy with a user (its owner or an admin)")
    @DeleteMapping("/{strategyName}/shares/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasRole('OPERATOR')")
    void deleteShare(@PathVariable String strategyName, @PathVariable long userId,
            @AuthenticationPrincipal CurrentUser user) {
        strategies.unshare(strategyName, userId, user);
    }

    private static void requireCode(CodeRequest body) {
        if (body.code() == null) {
            throw ApiException.invalidField("code", "is required");
        }
    }

    private static Saved saved(String message, Strategies.VersionDetail v) {
        List<String> errors = v.report().path("errors").valueStream()
                .map(e -> "line " + e.path("line").asInt() + ": " + e.path("message").asString()).toList();
        return new Saved(message, v.className(), v.id(), v.version(), v.sha256(), v.valid(), errors);
    }

    /** Strict: bytes that are not UTF-8 are refused, not silently replaced. */
    private static String utf8(MultipartFile file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file.getBytes())).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.invalidField("file", "is not UTF-8 text");
        } catch (IOException e) {
            throw ApiException.badRequest("upload_failed", "The upload could not be read");
        }
    }

}
