package io.ftfleet.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.ftfleet.core.ApiException;
import io.ftfleet.core.FieldViolation;
import io.ftfleet.user.CurrentUser;

import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.json.JsonMapper;

/**
 * The original's {@code GET /audit/logs} (bare array, newest first), plus filters, export and chain verification.
 * Admins read every entry; everyone else only the entries they are the actor of (the original showed everyone's
 * to everyone).
 */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "audit")
class AuditController {

    private static final Set<String> OUTCOMES = Set.of("success", "denied", "failed");
    private static final List<String> CSV_COLUMNS = List.of("id", "created_at", "username", "actor_id", "actor_role",
            "ip_address", "request_id", "http_method", "path", "status_code", "action", "target_type", "target_id",
            "outcome", "reason", "details", "prev_hash", "hash");

    private final AuditTrail trail;
    private final JsonMapper json;

    AuditController(AuditTrail trail, JsonMapper json) {
        this.trail = trail;
        this.json = json;
    }

    @Operation(summary = "Audit entries, newest first (yours; all for admins)")
    @GetMapping({ "/logs", "/logs/" })
    List<AuditLogItem> logs(@RequestParam(defaultValue = "0") @Min(0) int skip,
            @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
            @RequestParam(required = false) String actor, @RequestParam(required = false) String action,
            @RequestParam(name = "target_type", required = false) String targetType,
            @RequestParam(name = "target_id", required = false) String targetId,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to, @AuthenticationPrincipal CurrentUser user) {
        return trail.page(filter(user, actor, action, targetType, targetId, outcome, from, to), skip, limit);
    }

    @Operation(summary = "Every matching audit entry, oldest first, as CSV or JSON lines (yours; all for admins)")
    @GetMapping("/logs/export")
    void export(@RequestParam(defaultValue = "csv") String format, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(name = "target_type", required = false) String targetType,
            @RequestParam(name = "target_id", required = false) String targetId,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to, @AuthenticationPrincipal CurrentUser user,
            HttpServletResponse response) throws IOException {
        boolean csv = "csv".equalsIgnoreCase(format);
        if (!csv && !"jsonl".equalsIgnoreCase(format)) {
            throw ApiException.invalidField("format", "must be csv or jsonl");
        }
        AuditFilter filter = filter(user, actor, action, targetType, targetId, outcome, from, to);
        response.setContentType(csv ? "text/csv;charset=UTF-8" : "application/x-ndjson;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"audit-logs." + (csv ? "csv" : "jsonl") + "\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        if (csv) {
            out.write(Csv.row(CSV_COLUMNS));
        }
        trail.export(filter, entry -> {
            try {
                out.write(csv ? Csv.row(Csv.values(entry)) : json.writeValueAsString(trail.item(entry)) + "\n");
            } catch (IOException e) {
                // The client went away: stop reading the table.
                throw new UncheckedIOException(e);
            }
            return true;
        });
        out.flush();
    }

    @Operation(summary = "Check the hash chain of the whole trail (admins)")
    @GetMapping("/verify")
    @PreAuthorize("hasRole('ADMIN')")
    AuditTrail.Verification verify() {
        return trail.verify();
    }

    private static AuditFilter filter(CurrentUser user, String actor, String action, String targetType,
            String targetId, String outcome, Instant from, Instant to) {
        String normalizedOutcome = outcome == null ? null : outcome.toLowerCase(Locale.ROOT);
        List<FieldViolation> errors = new ArrayList<>();
        if (normalizedOutcome != null && !OUTCOMES.contains(normalizedOutcome)) {
            errors.add(new FieldViolation("outcome", "must be one of success, denied, failed"));
        }
        if (from != null && to != null && from.isAfter(to)) {
            errors.add(new FieldViolation("to", "must not be before from"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("Invalid audit filter", errors);
        }
        AuditFilter filter = new AuditFilter(null, actor, action, targetType, targetId, normalizedOutcome, from, to);
        return user.isAdmin() ? filter : filter.onlyActor(user.id());
    }

    /** RFC 4180: comma separated, CRLF line ends, a field quoted when it holds a comma, quote or line break. */
    static final class Csv {

        private Csv() {
        }

        static List<String> values(AuditEntry e) {
            return Arrays.asList(Long.toString(e.id()), e.createdAt().toString(), e.username(),
                    e.actorId() == null ? null : e.actorId().toString(), e.actorRole(), e.ipAddress(), e.requestId(),
                    e.httpMethod(), e.path(), Integer.toString(e.statusCode()), e.action(), e.targetType(),
                    e.targetId(), e.outcome(), e.reason(), e.details(), e.prevHash(), e.hash());
        }

        static String row(List<String> values) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    row.append(',');
                }
                row.append(field(values.get(i)));
            }
            return row.append("\r\n").toString();
        }

        static String field(String value) {
            if (value == null) {
                return "";
            }
            boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                    || value.indexOf('\r') >= 0 || (!value.isEmpty() && value.strip().length() != value.length());
            return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
        }
    }
}
