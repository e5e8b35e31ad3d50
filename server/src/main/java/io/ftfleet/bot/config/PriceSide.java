package io.ftfleet.bot.config;

/** {@code entry_pricing.price_side} / {@code exit_pricing.price_side} values (contract 5.2). */
public enum PriceSide {
    ASK("ask"),
    BID("bid"),
    SAME("same"),
    OTHER("other");

    private final String value;

    PriceSide(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
