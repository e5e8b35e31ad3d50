package io.ftfleet.analytics;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.function.Supplier;

import io.ftfleet.analytics.MonitoringAnswers.CpuSample;
import io.ftfleet.analytics.MonitoringAnswers.DiskSample;
import io.ftfleet.analytics.MonitoringAnswers.FailedPart;
import io.ftfleet.analytics.MonitoringAnswers.HostPart;
import io.ftfleet.analytics.MonitoringAnswers.HostSample;
import io.ftfleet.analytics.MonitoringAnswers.HostUptime;
import io.ftfleet.analytics.MonitoringAnswers.MemorySample;
import io.ftfleet.analytics.MonitoringAnswers.NetworkSample;

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
    private volatile HostSample last;

    /**
     * The last sample, never older than one sample interval plus the time one sample takes. The first sample is
     * taken by the scheduler right after start-up (OSHI's first look at the processor takes a noticeable part of a
     * second), or here if a request comes first.
     */
    HostSample last() {
        HostSample sample = last;
        if (sample == null) {
            synchronized (this) {
                if (last == null) {
                    sample();
                }
                sample = last;
            }
        }
        return sample;
    }

    @Scheduled(fixedDelayString = "${ftfleet.analytics.host-sample-interval:5s}")
    synchronized void sample() {
        String at = Instant.now().toString();
        HostPart cpu = guarded(this::cpu);
        HostPart memory = guarded(this::memory);
        HostPart disk = guarded(this::disk);
        HostPart network = guarded(this::network);
        HostUptime uptime = new HostUptime(ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0,
                system.getOperatingSystem().getSystemUptime());
        last = new HostSample(at, cpu, memory, disk, network, uptime);
    }

    private CpuSample cpu() {
        CentralProcessor cpu = hardware.getProcessor();
        long[] ticks = cpu.getSystemCpuLoadTicks();
        // the first sample has nothing to compare with: no usage rather than a made-up one
        Double usage = previousTicks == null ? null : round(cpu.getSystemCpuLoadBetweenTicks(previousTicks) * 100);
        previousTicks = ticks;
        double[] load = cpu.getSystemLoadAverage(1);
        return new CpuSample(usage, cpu.getPhysicalProcessorCount(), cpu.getLogicalProcessorCount(),
                load.length > 0 && load[0] >= 0 ? load[0] : null);
    }

    private MemorySample memory() {
        GlobalMemory memory = hardware.getMemory();
        long total = memory.getTotal();
        long available = memory.getAvailable();
        return new MemorySample(total, available, round(total / GB), round((total - available) / GB),
                round(available / GB), total == 0 ? null : round(100.0 * (total - available) / total));
    }

    private DiskSample disk() {
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
        return new DiskSample(root != null ? "/" : new java.io.File(".").getAbsolutePath(), round(total / GB),
                round((total - free) / GB), round(free / GB), total == 0 ? null : round(100.0 * (total - free) / total));
    }

    private NetworkSample network() {
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
        return new NetworkSample(sent, received, packetsSent, packetsReceived);
    }

    private static HostPart guarded(Supplier<? extends HostPart> part) {
        try {
            return part.get();
        } catch (RuntimeException | LinkageError e) {
            log.debug("host sample failed", e);
            return new FailedPart("Failed to collect: " + e.getClass().getSimpleName());
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
