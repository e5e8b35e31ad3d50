package io.ftfleet.analytics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.ftfleet.bot.BotDirectory.BotSummary;
import io.ftfleet.core.ApiException;
import io.ftfleet.core.ReadinessCheck;
import io.ftfleet.fleet.BotSnapshot;
import io.ftfleet.fleet.FleetSnapshots;
import io.ftfleet.user.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The original's monitoring routes (spec 2.10) under its doubled prefix, and under the single prefix its UI calls.
 * Host figures are the background sampler's last sample; health is the server's own readiness checks; bot statistics
 * come from the poller's snapshots and the ledger (the caller's bots; admins: all).
 */
@RestController
@RequestMapping({ "/api/v1/monitoring/monitoring", "/api/v1/monitoring" })
@Tag(name = "monitoring")
class MonitoringController {

    private final HostSampler host;
    private final List<ReadinessCheck> checks;
    private final Scope scope;
    private final FleetAnalytics analytics;
    private final FleetSnapshots snapshots;

    MonitoringController(HostSampler host, List<ReadinessCheck> checks, Scope scope, FleetAnalytics analytics,
            FleetSnapshots snapshots) {
        this.host = host;
        this.checks = checks;
        this.scope = scope;
        this.analytics = analytics;
        this.snapshots = snapshots;
    }

    @Operation(summary = "Host metrics, component health and bot statistics")
    @GetMapping("/status")
    Map<String, Object> status(@AuthenticationPrincipal CurrentUser user) {
        List<Map<String, Object>> components = components();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timestamp", FleetAnalytics.naiveUtcNow());
        out.put("system_metrics", host.last());
        out.put("component_health", components);
        out.put("components", components);
        out.put("bot_statistics", botStatistics(user));
        out.put("overall_status", overall(components));
        return out;
    }

    @Operation(summary = "Component health from the server's readiness checks")
    @GetMapping("/health")
    Map<String, Object> health() {
        List<Map<String, Object>> components = components();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timestamp", FleetAnalytics.naiveUtcNow());
        out.put("overall_status", overall(components));
        out.put("component_health", components);
        out.put("components", components);
        return out;
    }

    @Operation(summary = "Liveness of the monitoring routes (the original's test route)")
    @GetMapping("/test")
    Map<String, Object> test() {
        return Map.of("message", "Test endpoint works", "status", "ok");
    }

    @Operation(summary = "Host metrics and component health (admins only)")
    @GetMapping("/metrics")
    Map<String, Object> metrics(@AuthenticationPrincipal CurrentUser user) {
        if (!user.isAdmin()) {
            throw ApiException.forbidden("not_enough_permissions", "Not enough permissions");
        }
        List<Map<String, Object>> components = components();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timestamp", FleetAnalytics.naiveUtcNow());
        out.put("system_metrics", host.last());
        out.put("component_health", components);
        out.put("components", components);
        out.put("overall_status", overall(components));
        return out;
    }

    @Operation(summary = "Bot statistics: states, closed profit and drawdown per stake currency and mode")
    @GetMapping("/bots")
    Map<String, Object> bots(@AuthenticationPrincipal CurrentUser user) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timestamp", FleetAnalytics.naiveUtcNow());
        out.put("bot_statistics", botStatistics(user));
        return out;
    }

    private Map<String, Object> botStatistics(CurrentUser user) {
        Scope.Bots bots = scope.of(user, null);
        Map<String, Long> states = new TreeMap<>();
        Map<String, Long> polled = new TreeMap<>();
        for (BotSummary bot : bots.bots()) {
            states.merge(bot.observedState(), 1L, Long::sum);
            String status = snapshots.get(bot.id()).map(BotSnapshot::status).map(Enum::name).orElse("NOT_POLLED");
            polled.merge(status, 1L, Long::sum);
        }
        Map<String, Object> stats = analytics.botStatistics(bots, states);
        stats.put("poll_status_distribution", polled);
        return stats;
    }

    private List<Map<String, Object>> components() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ReadinessCheck check : checks) {
            ReadinessCheck.Result result;
            try {
                result = check.check();
            } catch (RuntimeException e) {
                result = ReadinessCheck.Result.down("check failed: " + e.getClass().getSimpleName());
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", check.name());
            c.put("status", result.up() ? "healthy" : check.required() ? "unhealthy" : "degraded");
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("detail", result.detail());
            details.put("required", check.required());
            c.put("details", details);
            out.add(c);
        }
        return out;
    }

    private static String overall(List<Map<String, Object>> components) {
        if (components.stream().anyMatch(c -> "unhealthy".equals(c.get("status")))) {
            return "unhealthy";
        }
        return components.stream().anyMatch(c -> "degraded".equals(c.get("status"))) ? "degraded" : "healthy";
    }
}
