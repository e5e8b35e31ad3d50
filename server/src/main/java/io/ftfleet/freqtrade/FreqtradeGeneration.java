package io.ftfleet.freqtrade;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a bot stops and resumes entries, told from the bot's own answers ({@code show_config}: {@code state},
 * {@code version}, {@code api_version}), never from a setting: one fleet can hold both (docs/freqtrade-newer.md).
 */
public enum FreqtradeGeneration {

    /**
     * Up to Freqtrade 2025.3 (the contract's 2024.10, API 2.40): {@code /stopentry} sets {@code max_open_trades} 0
     * and the state stays {@code running}; {@code /start} does not undo it, only {@code /reload_config} does.
     */
    STOPENTRY,

    /**
     * Freqtrade 2025.4 and later: {@code paused} is a state of its own; {@code /pause} (and {@code /stopentry},
     * now its alias) pauses, {@code /start} resumes, {@code max_open_trades} is left alone.
     */
    PAUSED_STATE;

    /** 2025.4 added the paused state without bumping api_version (2.42 spans 2025.2 to 2025.6). */
    private static final int FIRST_PAUSED_RELEASE = 2025_04;
    /** 2.43 first shipped in 2025.7, so any bot that reports it has the paused state. */
    private static final double FIRST_API_ONLY_AFTER_PAUSED = 2.43;
    private static final Pattern CALVER = Pattern.compile("^(?:docker-)?(\\d{4})\\.(\\d{1,2})(?!\\d)");

    /**
     * A bot that says {@code paused} has the state; otherwise its CalVer version decides (2025.4 or later), and
     * when the version is not CalVer (a fork, a custom build) an api_version only newer releases report. Anything
     * else is treated as {@link #STOPENTRY}: its calls ({@code /stopentry}, {@code /reload_config}) work on both.
     */
    public static FreqtradeGeneration of(String state, String version, double apiVersion) {
        if ("paused".equals(state)) {
            return PAUSED_STATE;
        }
        Matcher m = version == null ? null : CALVER.matcher(version.trim());
        if (m != null && m.find()) {
            int release = Integer.parseInt(m.group(1)) * 100 + Integer.parseInt(m.group(2));
            return release >= FIRST_PAUSED_RELEASE ? PAUSED_STATE : STOPENTRY;
        }
        return apiVersion >= FIRST_API_ONLY_AFTER_PAUSED ? PAUSED_STATE : STOPENTRY;
    }
}
