package io.ftfleet.runtime;

/**
 * A bot's stored intent, read afresh at every reconcile (never captured at launch): edits to the restart policy,
 * a pause or the global trading switch take effect at the next reconcile.
 *
 * @param tradingEnabled the global trading switch; while it is off a bot is (re)launched with entries stopped
 */
public record BotIntent(DesiredState desired, RestartPolicy restartPolicy, boolean tradingEnabled) {

    /** Whether a (re)launch or a reload must come up with entries stopped. */
    public boolean launchWithEntriesStopped() {
        return desired == DesiredState.PAUSED || !tradingEnabled;
    }
}
