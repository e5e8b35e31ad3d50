package io.ftfleet.risk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.ftfleet.core.ApiException;
import io.ftfleet.core.FieldViolation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Drawdown guards, admin only: they watch the whole fleet's equity (other users' bots included) and their trip
 * stops trading for everyone. External bots count in a guard that covers other users' bots only when listed in
 * {@code allowed_external_bot_ids}. Re-arming is the emergency route {@code POST /api/v1/emergency/rearm}.
 */
@RestController
@RequestMapping("/api/v1/risk/drawdown-guards")
@Tag(name = "risk")
@PreAuthorize("hasRole('ADMIN')")
class DrawdownGuardController {

    private static final int MAX_WINDOW_MINUTES = 365 * 24 * 60;
    private static final int MAX_ALLOWED_EXTERNAL = 100;

    /** A guard as written by the client. */
    record GuardRequest(String name, String scopeTag, Boolean dryRun, Double maxDrawdownPct, Integer windowMinutes,
            Boolean forceExit, Boolean enabled, List<Long> allowedExternalBotIds) {
    }

    record GuardResponse(long id, String name, String scopeTag, boolean dryRun, double maxDrawdownPct,
            int windowMinutes, boolean forceExit, boolean enabled, boolean tripped, Instant trippedAt,
            String trippedReason, Instant createdAt, List<Long> allowedExternalBotIds,
            List<DrawdownGuards.Status> status) {
    }

    record GuardChanged(String action, long id, java.util.Map<String, Object> after)
            implements io.ftfleet.core.AuditableEvent {
        @Override
        public String targetType() {
            return "drawdown_guard";
        }

        @Override
        public String targetId() {
            return String.valueOf(id);
        }
    }

    private final DrawdownGuards guards;
    private final ApplicationEventPublisher events;

    DrawdownGuardController(DrawdownGuards guards, ApplicationEventPublisher events) {
        this.guards = guards;
        this.events = events;
    }

    @Operation(summary = "Every drawdown guard with its current equity, high and drawdown per stake currency")
    @GetMapping({ "", "/" })
    List<GuardResponse> list() {
        return guards.all().stream().map(this::response).toList();
    }

    @Operation(summary = "One drawdown guard")
    @GetMapping("/{id}")
    GuardResponse get(@PathVariable long id) {
        return response(guards.find(id).orElseThrow(DrawdownGuardController::notFound));
    }

    @Operation(summary = "Add a drawdown guard (whole fleet when scope_tag is absent; dry-run or live bots)")
    @PostMapping({ "", "/" })
    @ResponseStatus(HttpStatus.CREATED)
    GuardResponse create(@RequestBody GuardRequest request) {
        DrawdownGuard created = guards.create(validate(request));
        events.publishEvent(new GuardChanged("risk.drawdown_guard_created", created.id(), audit(created)));
        return response(created);
    }

    @Operation(summary = "Replace a drawdown guard's settings (its equity series starts again)")
    @PutMapping("/{id}")
    GuardResponse update(@PathVariable long id, @RequestBody GuardRequest request) {
        DrawdownGuard updated = guards.update(id, validate(request));
        events.publishEvent(new GuardChanged("risk.drawdown_guard_updated", id, audit(updated)));
        return response(updated);
    }

    @Operation(summary = "Remove a drawdown guard")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        guards.delete(id);
        events.publishEvent(new GuardChanged("risk.drawdown_guard_deleted", id, null));
    }

    private GuardResponse response(DrawdownGuard g) {
        return new GuardResponse(g.id(), g.name(), g.scopeTag(), g.dryRun(), g.maxDrawdownPct(), g.windowMinutes(),
                g.forceExit(), g.enabled(), g.trippedAt() != null, g.trippedAt(), g.trippedReason(), g.createdAt(),
                g.allowedExternalBotIds().stream().sorted().toList(), guards.status(g.id()));
    }

    private static java.util.Map<String, Object> audit(DrawdownGuard g) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", g.name());
        m.put("scope_tag", g.scopeTag());
        m.put("dry_run", g.dryRun());
        m.put("max_drawdown_pct", g.maxDrawdownPct());
        m.put("window_minutes", g.windowMinutes());
        m.put("force_exit", g.forceExit());
        m.put("enabled", g.enabled());
        m.put("allowed_external_bot_ids", g.allowedExternalBotIds().stream().sorted().toList());
        return m;
    }

    static DrawdownGuard validate(GuardRequest r) {
        if (r == null) {
            throw ApiException.invalidField("body", "is required");
        }
        List<FieldViolation> errors = new ArrayList<>();
        String name = r.name() == null ? null : r.name().strip();
        if (name == null || name.isEmpty() || name.length() > 100) {
            errors.add(new FieldViolation("name", "is required, 1 to 100 characters"));
        }
        String tag = r.scopeTag() == null || r.scopeTag().isBlank() ? null : r.scopeTag().strip();
        if (tag != null && tag.length() > 64) {
            errors.add(new FieldViolation("scope_tag", "must be at most 64 characters"));
        }
        if (r.dryRun() == null) {
            errors.add(new FieldViolation("dry_run", "is required: true watches dry-run bots, false live bots"));
        }
        Double pct = r.maxDrawdownPct();
        if (pct == null || pct.isNaN() || pct <= 0 || pct >= 100) {
            errors.add(new FieldViolation("max_drawdown_pct", "is required, above 0 and below 100"));
        }
        Integer window = r.windowMinutes();
        if (window == null || window < 1 || window > MAX_WINDOW_MINUTES) {
            errors.add(new FieldViolation("window_minutes", "is required, 1 to " + MAX_WINDOW_MINUTES));
        }
        List<Long> allowed = r.allowedExternalBotIds() == null ? List.of() : r.allowedExternalBotIds();
        if (allowed.size() > MAX_ALLOWED_EXTERNAL || allowed.stream().anyMatch(id -> id == null || id < 1)) {
            errors.add(new FieldViolation("allowed_external_bot_ids",
                    "must be at most " + MAX_ALLOWED_EXTERNAL + " bot ids"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("The drawdown guard is not valid.", errors);
        }
        return new DrawdownGuard(0, name, tag, r.dryRun(), pct, window, Boolean.TRUE.equals(r.forceExit()),
                r.enabled() == null || r.enabled(), null, null, null, java.util.Set.copyOf(allowed));
    }

    private static ApiException notFound() {
        return ApiException.notFound("guard_not_found", "Drawdown guard not found.");
    }
}
