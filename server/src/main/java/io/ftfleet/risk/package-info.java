/**
 * Fleet-wide safety: the global trading switch (tripped by the emergency stop or a drawdown guard, re-armed only by
 * an admin) and the drawdown guards, which read equity through {@link io.ftfleet.risk.FleetEquity} (implemented by
 * the fleet module) and publish {@link io.ftfleet.risk.DrawdownGuardTripped} for the bot module to stop entries.
 */
package io.ftfleet.risk;
