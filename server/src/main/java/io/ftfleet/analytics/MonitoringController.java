package io.ftfleet.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.ftfleet.analytics.AnalyticsAnswers.LivenessAnswer;
import io.ftfleet.analytics.MonitoringAnswers.BotStatisticsAnswer;
import io.ftfleet.analytics.MonitoringAnswers.ComponentDetails;
import io.ftfleet.analytics.MonitoringAnswers.ComponentHealth;
import io.ftfleet.analytics.MonitoringAnswers.FleetBotStatistics;
import io.ftfleet.analytics.MonitoringAnswers.HealthAnswer;
import io.ftfleet.analytics.MonitoringAnswers.MetricsAnswer;
import io.ftfleet.analytics.MonitoringAnswers.MonitoringStatus;
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
    MonitoringStatus status(@AuthenticationPrincipal CurrentUser user) {
        List<ComponentHealth> components = components();
        return new MonitoringStatus(FleetAnalytics.naiveUtcNow(), host.last(), components, components,
                botStatistics(user), overall(components));
    }

    @Operation(summary = "Component health from the server's readiness checks")
    @GetMapping("/health")
    HealthAnswer health() {
        List<ComponentHealth> components = components();
        return new HealthAnswer(FleetAnalytics.naiveUtcNow(), overall(components), components, components);
    }

    @Operation(summary = "Liveness of the monitoring routes (the original's test route)")
    @GetMapping("/test")
    LivenessAnswer test() {
        return LivenessAnswer.OK;
    }

    @Operation(summary = "Host metrics and component health (admins only)")
    @GetMapping("/metrics")
    MetricsAnswer metrics(@AuthenticationPrincipal CurrentUser user) {
        if (!user.isAdmin()) {
            throw ApiException.forbidden("not_enough_permissions", "Not enough permissions");
        }
        List<ComponentHealth> components = components();
        return new MetricsAnswer(FleetAnalytics.naiveUtcNow(), host.last(), components, components,
                overall(components));
    }

    @Operation(summary = "Bot statistics: states, closed profit and drawdown per stake currency and mode")
    @GetMapping("/bots")
    BotStatisticsAnswer bots(@AuthenticationPrincipal CurrentUser user) {
        return new BotStatisticsAnswer(FleetAnalytics.naiveUtcNow(), botStatistics(user));
    }

    private FleetBotStatistics botStatistics(CurrentUser user) {
        Scope.Bots bots = scope.of(user, null);
        Map<String, Long> states = new TreeMap<>();
        Map<String, Long> polled = new TreeMap<>();
        for (BotSummary bot : bots.bots()) {
            states.merge(bot.observedState(), 1L, Long::sum);
            String status = snapshots.get(bot.id()).map(BotSnapshot::status).map(Enum::name).orElse("NOT_POLLED");
            polled.merge(status, 1L, Long::sum);
        }
        return analytics.botStatistics(bots, states, polled);
    }

    private List<ComponentHealth> components() {
        List<ComponentHealth> out = new ArrayList<>();
        for (ReadinessCheck check : checks) {
            ReadinessCheck.Result result;
            try {
                result = check.check();
            } catch (RuntimeException e) {
                result = ReadinessCheck.Result.down("check failed: " + e.getClass().getSimpleName());
            }
            String status = result.up() ? "healthy" : check.required() ? "unhealthy" : "degraded";
            out.add(new ComponentHealth(check.name(), status, new ComponentDetails(result.detail(), check.required())));
        }
        return out;
    }

    private static String overall(List<ComponentHealth> components) {
        if (components.stream().anyMatch(c -> "unhealthy".equals(c.status()))) {
            return "unhealthy";
        }
        return components.stream().anyMatch(c -> "degraded".equals(c.status())) ? "degraded" : "healthy";
    }
}
