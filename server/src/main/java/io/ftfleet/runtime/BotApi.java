package io.ftfleet.runtime;

import java.util.Optional;

import io.ftfleet.freqtrade.BotEndpoint;
import io.ftfleet.freqtrade.FreqtradeGeneration;

/** The few calls the runtime makes to a bot's own REST API (implemented over the freqtrade client). */
interface BotApi {

    /** What the bot says about itself, or empty when its API does not answer. */
    Optional<Status> status(BotEndpoint endpoint);

    /**
     * {@code start}, {@code stop}, {@code stopentry} or {@code reload_config}; throws when the bot refuses.
     * {@code stopentry} means "stop entries" in the bot's own generation: {@code /pause} on a 2025.4+ bot,
     * {@code /stopentry} on an older one (told from its last answers, read first if there are none).
     */
    void command(BotEndpoint endpoint, String action);

    /**
     * {@code stopentry} for a bot that may be stopped (an external one): a stopped bot is left alone and false
     * returned, since {@code /pause} on a stopped 2025.4+ bot starts its trading loop paused (contract A4.2); on an
     * older one {@code /stopentry} would change nothing anyway.
     *
     * @param readState ask the bot for its state first (one {@code show_config}); false: go by its last answer to
     *                  anyone (the emergency stop, where a stop follows at once whatever this did)
     */
    boolean stopEntriesUnlessStopped(BotEndpoint endpoint, boolean readState);

    /** Force-exits every open trade ({@code POST /forceexit} with {@code tradeid=all}). */
    void forceExitAll(BotEndpoint endpoint);

    /**
     * @param state         Freqtrade's own state ({@code running}, {@code stopped}, {@code paused},
     *                      {@code reload_config})
     * @param maxOpenTrades what the bot trades with now; 0 once entries are stopped on a 2.40 bot (stopentry sets it)
     * @param generation    how this bot stops and resumes entries, from the same answer
     */
    record Status(String state, double maxOpenTrades, FreqtradeGeneration generation) {

        /** Entries stopped: newer releases say "paused", older ones keep "running" with max_open_trades 0. */
        boolean entriesStopped() {
            return "paused".equals(state) || ("running".equals(state) && maxOpenTrades == 0);
        }

        /** Paused the 2025.4 way: {@code /start} alone resumes entries (no reload, no config change needed). */
        boolean paused() {
            return "paused".equals(state);
        }

        boolean trading() {
            return "running".equals(state) || "paused".equals(state);
        }
    }
}
