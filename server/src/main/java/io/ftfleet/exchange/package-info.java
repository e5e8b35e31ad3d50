/**
 * Exchanges as Freqtrade sees them: the exchange list from {@code freqtrade list-exchanges} and each exchange's
 * USDT markets from {@code freqtrade list-markets}, run through the configured Freqtrade command with a timeout and
 * cached.
 */
package io.ftfleet.exchange;
