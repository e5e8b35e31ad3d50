package io.ftfleet.freqtrade;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of {@code POST /forceenter} ({@code ForceEnterPayload}). Only {@code pair} is required; absent values are
 * left out so the bot applies its own defaults (side long, tag {@code force_entry}, configured stake and order type).
 * The bot refuses it unless {@code force_entry_enable} is true.
 *
 * @param side      {@code long} or {@code short}
 * @param ordertype {@code limit} or {@code market}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ForceEnter(String pair, String side, Double price, String ordertype, Double stakeamount,
        String entryTag, Double leverage) {

    public ForceEnter {
        Objects.requireNonNull(pair, "pair");
    }

    public static ForceEnter longEntry(String pair) {
        return new ForceEnter(pair, "long", null, null, null, null, null);
    }

    public ForceEnter withStakeAmount(double stake) {
        return new ForceEnter(pair, side, price, ordertype, stake, entryTag, leverage);
    }

    public ForceEnter withEntryTag(String tag) {
        return new ForceEnter(pair, side, price, ordertype, stakeamount, tag, leverage);
    }
}
