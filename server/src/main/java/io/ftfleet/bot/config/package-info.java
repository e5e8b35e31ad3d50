/**
 * Generation and validation of Freqtrade config files. Public to other modules (the job module builds its
 * backtest, hyperopt and download configs with the same generator the bots use).
 */
@org.springframework.modulith.NamedInterface("config")
package io.ftfleet.bot.config;
