package io.ftfleet.runtime;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param local settings of the local-process runtime
 */
@ConfigurationProperties("ftfleet.runtime")
record RuntimeProperties(@DefaultValue Local local) {

    /**
     * @param freqtradeCommand command line that runs Freqtrade; its arguments are appended (env
     *                         {@code FTFLEET_RUNTIME_LOCAL_FREQTRADE_COMMAND}); tests point it at the simulator
     * @param startTimeout     how long a start may take until the bot's API reports a state
     * @param stopTimeout      how long after SIGTERM before SIGKILL
     * @param crashLimit       crashes within {@code crashWindow} after which the bot is left {@code crashed}
     * @param crashWindow      the window for {@code crashLimit}
     * @param backoffBase      first restart delay; doubles per crash
     * @param backoffMax       longest restart delay
     * @param environment      extra environment variables for bot processes (e.g. {@code FREQTRADE__...} overrides)
     * @param runAs            OS user that bots, jobs and exchange utilities run as (the server must run as root);
     *                         empty: they run as the server's own user
     * @param resyncInterval   how often the reconciler looks at a running bot unasked (its API, entries stopped
     *                         where they must be); exits are noticed at once regardless
     */
    record Local(@DefaultValue("freqtrade") String freqtradeCommand, @DefaultValue("60s") Duration startTimeout,
            @DefaultValue("15s") Duration stopTimeout, @DefaultValue("5") int crashLimit,
            @DefaultValue("10m") Duration crashWindow, @DefaultValue("1s") Duration backoffBase,
            @DefaultValue("60s") Duration backoffMax, Map<String, String> environment, String runAs,
            @DefaultValue("10s") Duration resyncInterval) {

        Local {
            environment = environment == null ? Map.of() : Map.copyOf(environment);
            runAs = runAs == null || runAs.isBlank() ? null : runAs.trim();
        }
    }
}
