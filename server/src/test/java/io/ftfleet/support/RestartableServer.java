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
        // A setting given in "more" replaces the default one (e.g. a port a test must reach while the server starts,
        // another freqtrade command): a key given twice would be read as both values joined by a comma.
        return new SpringApplicationBuilder(FtFleetApplication.class)
                .run(Stream.concat(Arrays.stream(properties).filter(p -> Arrays.stream(more)
                        .noneMatch(m -> m.startsWith(key(p)))), Arrays.stream(more)).toArray(String[]::new));
    }

    /** {@code --key=} of a {@code --key=value} argument. */
    private static String key(String argument) {
        return argument.substring(0, argument.indexOf('=') + 1);
    }
}
