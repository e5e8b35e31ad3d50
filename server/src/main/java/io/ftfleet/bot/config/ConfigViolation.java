package io.ftfleet.bot.config;

/**
 * One reason Freqtrade (or FT Fleet's start-time rules) would refuse a config.
 *
 * @param key     JSON path of the offending key, e.g. {@code exchange.pair_whitelist},
 *                {@code pairlists[0].method}, {@code freqai.feature_parameters.include_timeframes[1]};
 *                {@code ""} for the document itself
 * @param message human-readable reason
 */
public record ConfigViolation(String key, String message) {
}
