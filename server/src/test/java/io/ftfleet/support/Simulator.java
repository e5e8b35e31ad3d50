package io.ftfleet.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the simulator's jar is, and the command line that runs it like {@code freqtrade}. */
public final class Simulator {

    private Simulator() {
    }

    public static Path jar() {
        Path jar = Path.of("..", "simulator", "target", "freqtrade-sim.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Simulator jar missing at " + jar
                    + "; build it with ./mvnw -pl simulator package -DskipTests (./mvnw verify does it)");
        }
        return jar;
    }

    /**
     * Runs bots with the simulator in the calling test class's context: fast trading (a trade a second), short
     * restart back-off and stop timeout.
     */
    public static void useAsFreqtrade(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("ftfleet.runtime.local.freqtrade-command", Simulator::command);
        registry.add("ftfleet.runtime.local.environment.FTSIM_TRADE_INTERVAL_SECONDS", () -> "1");
        registry.add("ftfleet.runtime.local.backoff-base", () -> "200ms");
        registry.add("ftfleet.runtime.local.stop-timeout", () -> "10s");
    }

    /** {@code java -jar .../freqtrade-sim.jar}, small heap: many of them may run at once. */
    public static String command() {
        return command(jar());
    }

    /** The same command for a copy of the jar elsewhere (e.g. one another OS user can read). */
    public static String command(Path jar) {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar " + jar;
    }
}
