package io.ftfleet.analytics;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;

/**
 * Samples the host's CPU, memory, disk ({@code /}) and network with OSHI in the background; requests read only the
 * last sample, so a monitoring call never waits for a measurement (the original blocked each call for a second).
 * CPU usage is measured between two consecutive samples.
 */
@Component
class HostSampler {

    private static final Logger log = LoggerFactory.getLogger(HostSampler.class);
    private static final double GB = 1024.0 * 1024 * 1024;

    private final SystemInfo system = new SystemInfo();
    private final HardwareAbstractionLayer hardware = system.getHardware();
    private long[] previousTicks;
    private volatile Map<String, Object> last;

    HostSampler() {
        sample();
    }

    /** The last sample, never older than one sample interval plus the time one sample takes. */
    Map<String, Object> last() {
        return last;
    }

    @Scheduled(fixedDelayString = "${ftfleet.analytics.host-sample-interval:5s}")
    synchronized void sample() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sampled_at", Instant.now().toString());
        m.put("cpu", guarded(this::cpu));
        m.put("memory", guarded(this::memory));
        m.put("disk", guarded(this::disk));
        m.put("network", guarded(this::network));
        Map<String, Object> uptime = new LinkedHashMap<>();
        uptime.put("server_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        uptime.put("host_seconds", system.getOperatingSystem().getSystemUptime());
        m.put("uptime", uptime);
        last = m;
    }

    private Map<String, Object> cpu() {
        CentralProcessor cpu = hardware.getProcessor();
        long[] ticks = cpu.getSystemCpuLoadTicks();
        Map<String, Object> m = new LinkedHashMap<>();
        // the first sample has nothing to compare with: no usage rather than a made-up one
        m.put("usage_percent", previousTicks == null ? null : round(cpu.getSystemCpuLoadBetweenTicks(previousTicks) * 100));
        previousTicks = ticks;
        m.put("cores", cpu.getPhysicalProcessorCount());
        m.put("cores_logical", cpu.getLogicalProcessorCount());
        double[] load = cpu.getSystemLoadAverage(1);
        m.put("load_average_1m", load.length > 0 && load[0] >= 0 ? load[0] : null);
        return m;
    }

    private Map<String, Object> memory() {
        GlobalMemory memory = hardware.getMemory();
        long total = memory.getTotal();
        long available = memory.getAvailable();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total_bytes", total);
        m.put("available_bytes", available);
        m.put("total_gb", round(total / GB));
        m.put("used_gb", round((total - available) / GB));
        m.put("free_gb", round(available / GB));
        m.put("usage_percent", total == 0 ? null : round(100.0 * (total - available) / total));
        return m;
    }

    private Map<String, Object> disk() {
        OSFileStore root = null;
        for (OSFileStore store : system.getOperatingSystem().getFileSystem().getFileStores()) {
            if ("/".equals(store.getMount())) {
                root = store;
            }
        }
        long total;
        long free;
        if (root != null) {
            total = root.getTotalSpace();
            free = root.getUsableSpace();
        } else { // e.g. Windows: the disk the server runs from
            java.io.File here = new java.io.File(".").getAbsoluteFile();
            total = here.getTotalSpace();
            free = here.getUsableSpace();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", root != null ? "/" : new java.io.File(".").getAbsolutePath());
        m.put("total_gb", round(total / GB));
        m.put("used_gb", round((total - free) / GB));
        m.put("free_gb", round(free / GB));
        m.put("usage_percent", total == 0 ? null : round(100.0 * (total - free) / total));
        return m;
    }

    private Map<String, Object> network() {
        long sent = 0;
        long received = 0;
        long packetsSent = 0;
        long packetsReceived = 0;
        for (NetworkIF nif : hardware.getNetworkIFs(true)) {
            nif.updateAttributes();
            sent += nif.getBytesSent();
            received += nif.getBytesRecv();
            packetsSent += nif.getPacketsSent();
            packetsReceived += nif.getPacketsRecv();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bytes_sent", sent);
        m.put("bytes_recv", received);
        m.put("packets_sent", packetsSent);
        m.put("packets_recv", packetsReceived);
        return m;
    }

    private static Object guarded(java.util.function.Supplier<Map<String, Object>> part) {
        try {
            return part.get();
        } catch (RuntimeException | LinkageError e) {
            log.debug("host sample failed", e);
            return Map.of("error", "Failed to collect: " + e.getClass().getSimpleName());
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
