/**
 * The Bot aggregate: its registry data, desired and observed state, generated Freqtrade config, encrypted exchange
 * credentials, and the bot routes of the original API that are about data.
 */
package io.ftfleet.bot;
