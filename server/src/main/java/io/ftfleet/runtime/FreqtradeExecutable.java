package io.ftfleet.runtime;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.springframework.beans.factory.annotation.Autowired;
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
 * their own session and process group, with {@code umask 077} ({@code setsid}, which execs, so the PID is the command's), so a terminal
 * Ctrl-C or a service manager stopping the server does not stop them, and a stop can signal the whole tree.
 *
 * <p>With {@code ftfleet.runtime.local.run-as} set (the server runs as root), every child runs as that OS user
 * through {@code setpriv} (which execs too, so the PID stays the command's) without any way back to more
 * privileges ({@code --no-new-privs}); {@link #handOver} gives it the working tree it needs. The server's own
 * files (database, {@code secrets/}) are owner-only, so strategy code cannot read them by any path.
 */
@Component
public class FreqtradeExecutable {

    /** Variables of the server's environment a child may see (never secrets: these are names of tools and locale). */
    private static final List<String> PASSED_THROUGH = List.of("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "JAVA_HOME");
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    /**
     * The JVM cannot set a child's umask: a shell sets it and execs the command (the PID stays the command's), so
     * every file a bot or job writes (logs, trade database, results) is owner-only.
     */
    static final List<String> UMASK_077 = List.of("/bin/sh", "-c", "umask 077; exec \"$@\"", "sh");

    /** The OS user children run as, resolved once at start. */
    record RunAs(String name, int uid, int gid) {
    }

    private final List<String> command;
    private final Map<String, String> configured;
    private final boolean ownSession;
    private final RunAs runAs;

    @Autowired
    FreqtradeExecutable(RuntimeProperties properties) {
        this(properties.local().freqtradeCommand(), properties.local().environment(), Files.isExecutable(SETSID),
                properties.local().runAs() == null ? null : resolve(properties.local().runAs()));
    }

    FreqtradeExecutable(String commandLine, Map<String, String> configured, boolean ownSession) {
        this(commandLine, configured, ownSession, null);
    }

    FreqtradeExecutable(String commandLine, Map<String, String> configured, boolean ownSession, RunAs runAs) {
        this.command = Arrays.stream(commandLine.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        this.configured = Map.copyOf(configured);
        this.ownSession = ownSession;
        this.runAs = runAs;
    }

    /**
     * Looks the user up ({@code id}) and fails the start when it does not exist or the server cannot switch to it:
     * a setting that silently did nothing would leave strategy code with the server's rights.
     */
    static RunAs resolve(String user) {
        if (!user.matches("[a-z_][a-z0-9_-]{0,31}")) {
            throw new IllegalStateException("ftfleet.runtime.local.run-as must be an OS user name, got '" + user + "'");
        }
        if (!Files.isExecutable(SETPRIV)) {
            throw new IllegalStateException("ftfleet.runtime.local.run-as needs " + SETPRIV + " (util-linux)");
        }
        if (new com.sun.security.auth.module.UnixSystem().getUid() != 0) {
            throw new IllegalStateException("ftfleet.runtime.local.run-as needs the server to run as root");
        }
        int uid = Integer.parseInt(id("-u", user));
        int gid = Integer.parseInt(id("-g", user));
        if (uid == 0) {
            throw new IllegalStateException("ftfleet.runtime.local.run-as must not be root");
        }
        return new RunAs(user, uid, gid);
    }

    private static String id(String option, String user) {
        try {
            Process p = new ProcessBuilder("id", option, user).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readNBytes(256), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0 || !out.matches("\\d+")) {
                throw new IllegalStateException("ftfleet.runtime.local.run-as: no OS user '" + user + "'");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up " + user, e);
        }
    }

    /** The OS user children run as, when {@code ftfleet.runtime.local.run-as} is set. */
    public Optional<String> runAs() {
        return Optional.ofNullable(runAs).map(RunAs::name);
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
        cmd.addAll(UMASK_077);
        if (runAs != null) {
            cmd.addAll(List.of(SETPRIV.toString(), "--reuid=" + runAs.uid(), "--regid=" + runAs.gid(),
                    "--init-groups", "--no-new-privs", "--"));
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
     * as: the tree is chowned to it (symbolic links themselves, never what they point to). While children run as
     * the server's own user there is nothing to hand over.
     */
    public void handOver(Path dir) {
        if (runAs == null) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.toList()) {
                Files.setAttribute(p, "unix:uid", runAs.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", runAs.gid(), LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot hand " + dir + " over to " + runAs.name(), e);
        }
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
