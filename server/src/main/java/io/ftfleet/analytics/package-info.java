/**
 * Cross-bot analytics and host monitoring. A background sync copies every bot's closed trades into a ledger table
 * (and keeps each bot's latest balance and open-trade rates in memory); the analytics routes compute win rate,
 * profit factor, expectancy, drawdown, equity curves and period profit from that ledger, never by calling bots, and
 * never add amounts of different stake currencies or of dry-run and live bots. Host figures come from a background
 * OSHI sampler; requests only read its last sample.
 */
package io.ftfleet.analytics;
