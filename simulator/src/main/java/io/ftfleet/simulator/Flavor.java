package io.ftfleet.simulator;

import java.util.Locale;

/**
 * Which Freqtrade generation the simulator answers as, chosen by {@code FTSIM_FLAVOR} (environment, or a system
 * property of the same name in tests). {@code 2024} (the default) is the contract's snapshot, 2024.10 with REST API
 * 2.40: stop entries = {@code /stopentry} sets {@code max_open_trades} 0 and the state stays {@code running}.
 * {@code 2025} is Freqtrade 2025.4 (the release that added the paused state, still API 2.42): {@code /pause} with
 * {@code /stopentry} and {@code /stopbuy} as aliases, {@code show_config.state} = {@code paused}, {@code /start}
 * resumes, and {@code /trades} validates {@code limit >= 1}, {@code offset >= 0} and takes {@code order_by_id}
 * (see docs/freqtrade-newer.md).
 */
enum Flavor {
    V2024("2024.10-dev-c9ae5e1e9", 2.4),
    V2025("2025.4", 2.42);

    private final String defaultVersion;
    final double apiVersion;

    Flavor(String defaultVersion, double apiVersion) {
        this.defaultVersion = defaultVersion;
        this.apiVersion = apiVersion;
    }

    /** The flavor of this process; an unknown value fails loudly rather than silently answering as 2024. */
    static Flavor current() {
        String v = System.getProperty("FTSIM_FLAVOR", System.getenv("FTSIM_FLAVOR"));
        if (v == null || v.isBlank()) return V2024;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "2024" -> V2024;
            case "2025" -> V2025;
            default -> throw new IllegalArgumentException("FTSIM_FLAVOR must be 2024 or 2025, got " + v);
        };
    }

    /** {@code FTSIM_VERSION} overrides the version string (kept from before the flavors existed). */
    String version() {
        String v = System.getenv("FTSIM_VERSION");
        return v == null ? defaultVersion : v;
    }

    boolean paused() {
        return this == V2025;
    }
}
