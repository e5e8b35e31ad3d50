/**
 * Where bots run: the local-process runtime (spawns the configured {@code freqtrade} command, supervises it,
 * restarts it by policy, re-adopts it after a server restart) and external bots reached by URL. Publishes what it
 * observes as {@link io.ftfleet.runtime.RuntimeEvents.BotObserved}; it never decides a bot is running because a
 * command was sent.
 */
package io.ftfleet.runtime;
