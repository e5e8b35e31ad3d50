/**
 * The fleet poller: one scheduled cycle reads every bot's own API with bounded concurrency and a per-bot deadline,
 * keeps an immutable {@link io.ftfleet.fleet.BotSnapshot} per bot ({@link io.ftfleet.fleet.FleetSnapshots}), exports
 * per-bot Prometheus gauges from those snapshots and contributes the {@code poller} readiness check. API reads of
 * fleet state are served from the snapshots, never by calling bots. Publishes {@link io.ftfleet.fleet.PollerLag} when
 * the poller falls behind and when it catches up.
 */
package io.ftfleet.fleet;
