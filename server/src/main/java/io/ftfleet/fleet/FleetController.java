package io.ftfleet.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.ftfleet.bot.BotDirectory;
import io.ftfleet.core.ApiException;
import io.ftfleet.user.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Fleet state from the poller's snapshots and their history; never calls a bot. */
@RestController
@RequestMapping("/api/v1/fleet")
@Tag(name = "fleet")
class FleetController {

    private static final Duration DEFAULT_RANGE = Duration.ofHours(24);

    record History(String resolution, Instant from, Instant to, boolean truncated, List<FleetHistory.Point> points) {
    }

    private final FleetSnapshots snapshots;
    private final FleetSummary summary;
    private final FleetHistory history;
    private final BotDirectory directory;

    FleetController(FleetSnapshots snapshots, FleetSummary summary, FleetHistory history, BotDirectory directory) {
        this.directory = directory;
        this.snapshots = snapshots;
        this.summary = summary;
        this.history = history;
    }

    @Operation(summary = "The latest snapshot of every bot the caller may see (admins: all, others: their own)")
    @GetMapping({ "/snapshots", "/snapshots/" })
    List<BotSnapshot> snapshots(@AuthenticationPrincipal CurrentUser user) {
        return snapshots.all().stream().filter(s -> user.isAdmin() || s.ownerId() == user.id()).toList();
    }

    @Operation(summary = "The caller's fleet at a glance from the snapshots: counts by status and state, open trades,"
            + " money per stake currency and dry-run (never summed across currencies); refreshed at most once a second."
            + " Sends an ETag; If-None-Match with it answers 304 while the figures are unchanged")
    @ApiResponse(responseCode = "200", description = "The summary; with an ETag", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = FleetSummary.Summary.class)))
    @ApiResponse(responseCode = "304", description = "Unchanged since the ETag sent in If-None-Match")
    @GetMapping(path = { "/summary", "/summary/" }, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> summary(@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
            @AuthenticationPrincipal CurrentUser user) {
        return summary.body(user.isAdmin() ? null : user.id()).respond(ifNoneMatch);
    }

    @Operation(summary = "Snapshot history of one bot (bot_id) or of every bot the caller may see, oldest first:"
            + " raw samples or hourly aggregates; from/to ISO-8601 (default: the last 24 h); at most 10,000 points")
    @GetMapping({ "/history", "/history/" })
    History history(@RequestParam(name = "bot_id", required = false) Long botId,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "raw") String resolution, @AuthenticationPrincipal CurrentUser user) {
        String res = resolution.toLowerCase(Locale.ROOT);
        if (!res.equals("raw") && !res.equals("hourly")) {
            throw ApiException.invalidField("resolution", "must be raw or hourly");
        }
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(DEFAULT_RANGE) : from;
        if (!start.isBefore(end)) {
            throw ApiException.invalidField("from", "must be before to");
        }
        if (botId != null && directory.find(botId).filter(b -> user.isAdmin() || b.ownerId() == user.id()).isEmpty()) {
            // Unknown and not-yours look the same. A deleted bot's history is no longer served.
            throw ApiException.notFound("bot_not_found", "Bot not found");
        }
        List<FleetHistory.Point> points = history.query(botId, user.isAdmin() ? null : user.id(), start, end,
                res.equals("hourly"));
        boolean truncated = points.size() > FleetHistory.MAX_POINTS;
        return new History(res, start, end, truncated,
                truncated ? points.subList(0, FleetHistory.MAX_POINTS) : points);
    }
}
