package io.ftfleet.support;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import io.ftfleet.FtFleetApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole server (test profile, ephemeral port, simulator as {@code freqtrade}) on a file database and a data
 * directory that outlive it: a test stops it and starts another on the same state, as an operator restarting it would.
 */
public final class RestartableServer {

    private RestartableServer() {
    }

    /** @param more further {@code --key=value} settings */
    public static ConfigurableApplicationContext start(Path data, String... more) {
        // Command-line arguments: they win over the test profile's in-memory database.
        String[] properties = { "--spring.profiles.active=test", "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("db/ftfleet")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--ftfleet.data-dir=" + data, "--ftfleet.runtime.local.freqtrade-command=" + Simulator.command() };
        // A port given in "more" replaces the ephemeral one (a test that must reach the server while it starts).
        boolean portGiven = Arrays.stream(more).anyMatch(m -> m.startsWith("--server.port="));
        return new SpringApplicationBuilder(FtFleetApplication.class)
                .run(Stream.concat(Arrays.stream(properties).filter(p -> !portGiven || !p.startsWith("--server.port=")),
                        Arrays.stream(more)).toArray(String[]::new));
    }
}
