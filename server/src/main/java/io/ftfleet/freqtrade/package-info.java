/**
 * The client for one bot's own Freqtrade REST API and message websocket (contract sections 1 and 2): JWT login and
 * refresh, typed reads, bot control, and translation of every failure into {@link io.ftfleet.freqtrade.BotCallFailed}.
 * Other modules get a client from {@link io.ftfleet.freqtrade.FreqtradeClients#forBot}; nothing here knows about
 * bots as FT Fleet stores them.
 */
package io.ftfleet.freqtrade;
