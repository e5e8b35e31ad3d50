package io.ftfleet.runtime;

import java.net.URI;
import java.util.Optional;

/** The few calls the runtime makes to a bot's own REST API (implemented over the freqtrade client). */
interface BotApi {

    /** The bot's own state ({@code running}, {@code stopped}, ...) or empty when its API does not answer. */
    Optional<String> state(BotAddress address);

    /** {@code start}, {@code stop}, {@code stopentry} or {@code reload_config}; throws when the bot refuses. */
    void command(BotAddress address, String action);

    /**
     * Lets a paused bot open trades again, the way its Freqtrade version wants it: releases with a {@code paused}
     * state take {@code /start}; older ones keep {@code running} after {@code /stopentry} and only
     * {@code /reload_config} undoes it (contract: "Run /reload_config to reset"). True when a reload was used, so
     * the caller waits for the bot to come back.
     */
    boolean resumeEntries(BotAddress address);

    /** Force-exits every open trade ({@code POST /forceexit} with {@code tradeid=all}). */
    void forceExitAll(BotAddress address);

    record BotAddress(URI baseUrl, String username, String password) {
        @Override
        public String toString() {
            return "BotAddress[" + baseUrl + "]";
        }
    }
}
