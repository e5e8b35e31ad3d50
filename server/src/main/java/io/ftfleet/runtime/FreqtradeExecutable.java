package io.ftfleet.runtime;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * The one place that knows how to run the configured {@code freqtrade} command: bots (runtime), jobs and exchange
 * utilities all build their processes here, so they share one parsing of {@code ftfleet.runtime.local.freqtrade-
 * command} and one isolation policy.
 *
 * <p>Isolation: a child never inherits the server's environment (which may hold {@code FTFLEET_MASTER_KEY},
 * {@code FTFLEET_AUTH_JWT_SECRET} or the database password). It gets a minimal, explicit one: {@code PATH}, a
 * {@code HOME} and {@code TMPDIR} inside its own working directory, the locale, {@code JAVA_HOME}/{@code TZ} when
 * set, plus the configured {@code ftfleet.runtime.local.environment} and what the caller passes. Children run in
 * their own session and process group ({@code setsid}, which execs, so the PID is the command's), so a terminal
 * Ctrl-C or a service manager stopping the server does not stop them, and a stop can signal the whole tree.
 */
@Component
public class FreqtradeExecutable {

    /** Variables of the server's environment a child may see (never secrets: these are names of tools and locale). */
    private static final List<String> PASSED_THROUGH = List.of("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "JAVA_HOME");
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final List<String> command;
    private final Map<String, String> configured;
    private final boolean ownSession;

    @org.springframework.beans.factory.annotation.Autowired
    FreqtradeExecutable(RuntimeProperties properties) {
        this(properties.local().freqtradeCommand(), properties.local().environment(), Files.isExecutable(SETSID));
    }

    FreqtradeExecutable(String commandLine, Map<String, String> configured, boolean ownSession) {
        this.command = Arrays.stream(commandLine.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        this.configured = Map.copyOf(configured);
        this.ownSession = ownSession;
    }

    /** The command's file name, for messages ("freqtrade", "freqtrade-sim"). */
    public String commandName() {
        return command.isEmpty() ? "freqtrade" : Path.of(command.get(0)).getFileName().toString();
    }

    /** The configured command line as given (for readiness and logs; it holds no secret). */
    public String commandLine() {
        return String.join(" ", command);
    }

    /** The full command line a child runs: the session prefix, the configured command, then {@code args}. */
    public List<String> commandFor(List<String> args) {
        List<String> cmd = new ArrayList<>();
        if (ownSession) {
            cmd.add(SETSID.toString());
        }
        cmd.addAll(command);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * A process builder for {@code freqtrade <args>} in {@code workDir}, with the minimal environment plus
     * {@code extra} (e.g. {@code FREQTRADE__EXCHANGE__KEY}), stdin from {@code /dev/null}. Callers set redirects.
     */
    public ProcessBuilder builder(List<String> args, Path workDir, Map<String, String> extra) {
        ProcessBuilder builder = new ProcessBuilder(commandFor(args)).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(environment(System.getenv(), workDir, extra));
        return builder;
    }

    /** The child's whole environment: what is passed through, the working-directory homes, configured, extra. */
    Map<String, String> environment(Map<String, String> server, Path workDir, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : PASSED_THROUGH) {
            String value = server.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", workDir.toString());
        env.put("TMPDIR", workDir.toString());
        env.putAll(configured);
        env.putAll(extra);
        return env;
    }

    /**
     * Makes {@code dir} (a bot's or job's working tree, created by the server) usable by the OS user children run
     * as. While they run as the server's own user there is nothing to hand over.
     */
    public void handOver(Path dir) {
        // Children run as the server's user: the server's owner-only files are theirs already.
    }

    /**
     * Ends a process and everything it started: SIGTERM to the root and its descendants, SIGKILL to whatever is
     * still alive after {@code grace}. Returns whether the root is gone.
     */
    public static boolean terminateTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        root.destroy();
        tree.forEach(ProcessHandle::destroy);
        try {
            root.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception stillAlive) {
            // killed below
        }
        // Children the root started while it was shutting down are killed too.
        tree.addAll(root.descendants().toList());
        if (root.isAlive()) {
            root.destroyForcibly();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            root.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return !root.isAlive();
        }
        return true;
    }
}
