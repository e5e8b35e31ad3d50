package io.ftfleet.analytics;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The monitoring routes' answers (spec 2.10). The component list is served under the original's key
 * ({@code component_health}) and under the one its UI reads ({@code components}).
 */
final class MonitoringAnswers {

    private MonitoringAnswers() {
    }

    record MonitoringStatus(String timestamp, HostSample systemMetrics, List<ComponentHealth> componentHealth,
            List<ComponentHealth> components, FleetBotStatistics botStatistics, String overallStatus) {
    }

    record HealthAnswer(String timestamp, String overallStatus, List<ComponentHealth> componentHealth,
            List<ComponentHealth> components) {
    }

    record MetricsAnswer(String timestamp, HostSample systemMetrics, List<ComponentHealth> componentHealth,
            List<ComponentHealth> components, String overallStatus) {
    }

    record BotStatisticsAnswer(String timestamp, FleetBotStatistics botStatistics) {
    }

    /** One readiness check: {@code healthy}, or {@code unhealthy} when required and down, else {@code degraded}. */
    record ComponentHealth(String name, String status, ComponentDetails details) {
    }

    record ComponentDetails(String detail, boolean required) {
    }

    /** Counts per observed state and per poll status (their keys are the states), then the figures per group. */
    record FleetBotStatistics(int totalBots, Map<String, Long> statusDistribution, int closedTrades,
            List<GroupProfitStats> profitStats, List<GroupRiskStats> riskStats,
            Map<String, Long> pollStatusDistribution) {
    }

    /** Closed profit per bot of the group: total, mean, best and worst. */
    record GroupProfitStats(String stakeCurrency, boolean dryRun, String mode, int bots, double totalProfit,
            double avgProfit, double maxProfit, double minProfit) {
    }

    /** Relative drawdown per bot with a known starting balance (null when none has one). */
    record GroupRiskStats(String stakeCurrency, boolean dryRun, String mode, int bots, Double avgDrawdown,
            Double maxDrawdown) {
    }

    // ---- host sample ---------------------------------------------------------------------------------------------

    /** Each part is its figures, or {@link FailedPart} when that part could not be measured. */
    record HostSample(String sampledAt, HostPart cpu, HostPart memory, HostPart disk, HostPart network,
            HostUptime uptime) {
    }

    sealed interface HostPart permits CpuSample, MemorySample, DiskSample, NetworkSample, FailedPart {
    }

    /** {@code usage_percent} is null on the first sample (nothing to compare with yet). */
    record CpuSample(Double usagePercent, int cores, int coresLogical,
            @JsonProperty("load_average_1m") Double loadAverage1m) implements HostPart {
    }

    record MemorySample(long totalBytes, long availableBytes, double totalGb, double usedGb, double freeGb,
            Double usagePercent) implements HostPart {
    }

    record DiskSample(String path, double totalGb, double usedGb, double freeGb, Double usagePercent)
            implements HostPart {
    }

    record NetworkSample(long bytesSent, long bytesRecv, long packetsSent, long packetsRecv) implements HostPart {
    }

    record FailedPart(String error) implements HostPart {
    }

    record HostUptime(double serverSeconds, long hostSeconds) {
    }
}
