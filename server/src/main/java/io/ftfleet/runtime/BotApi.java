package io.ftfleet.runtime;

import java.util.Optional;

import io.ftfleet.freqtrade.BotEndpoint;

/** The few calls the runtime makes to a bot's own REST API (implemented over the freqtrade client). */
interface BotApi {

    /** What the bot says about itself, or empty when its API does not answer. */
    Optional<Status> status(BotEndpoint endpoint);

    /** {@code start}, {@code stop}, {@code stopentry} or {@code reload_config}; throws when the bot refuses. */
    void command(BotEndpoint endpoint, String action);

    /** Force-exits every open trade ({@code POST /forceexit} with {@code tradeid=all}). */
    void forceExitAll(BotEndpoint endpoint);

    /**
     * @param state         Freqtrade's own state ({@code running}, {@code stopped}, {@code paused},
     *                      {@code reload_config})
     * @param maxOpenTrades what the bot trades with now; 0 once entries are stopped (contract: stopentry sets it)
     */
    record Status(String state, double maxOpenTrades) {

        /** Entries stopped: newer releases say "paused", older ones keep "running" with max_open_trades 0. */
        boolean entriesStopped() {
            return "paused".equals(state) || ("running".equals(state) && maxOpenTrades == 0);
        }

        boolean trading() {
            return "running".equals(state) || "paused".equals(state);
        }
    }
}
