package io.ftfleet.exchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs one short Freqtrade utility command (the runtime's configured command line, arguments appended) in a
 * scratch directory and returns its stdout. Output goes to files, not pipes, so a chatty command never blocks.
 */
@Component
class FreqtradeCommand {

    /** What went wrong, in words fit for a ProblemDetail: the command's own last error line. */
    static final class Failed extends RuntimeException {
        final boolean timedOut;

        Failed(String message, boolean timedOut) {
            super(message);
            this.timedOut = timedOut;
        }
    }

    private final List<String> command;

    FreqtradeCommand(@Value("${ftfleet.runtime.local.freqtrade-command:freqtrade}") String commandLine) {
        this.command = Arrays.stream(commandLine.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    String commandName() {
        return command.isEmpty() ? "freqtrade" : Path.of(command.get(0)).getFileName().toString();
    }

    String run(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of(args));
        Path dir = null;
        Process process = null;
        try {
            dir = Files.createTempDirectory("ftfleet-cmd-");
            Path out = dir.resolve("stdout");
            Path err = dir.resolve("stderr");
            process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new Failed("freqtrade " + args[0] + " did not finish within " + timeout.toSeconds() + "s", true);
            }
            if (process.exitValue() != 0) {
                throw new Failed("freqtrade " + args[0] + " failed (exit " + process.exitValue() + "): "
                        + lastErrorLine(Files.readString(err, StandardCharsets.UTF_8)), false);
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Failed("freqtrade could not be run: " + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                kill(process);
            }
            throw new Failed("interrupted while running freqtrade " + args[0], false);
        } finally {
            delete(dir);
        }
    }

    /** The wrapper (shell, java) and whatever it started. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Freqtrade logs "... - ERROR - message"; fall back to the last line. Long lines are cut. */
    static String lastErrorLine(String stderr) {
        String found = null;
        String last = null;
        for (String line : stderr.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            last = line.trim();
            int i = line.indexOf(" - ERROR - ");
            if (i >= 0) {
                found = line.substring(i + " - ERROR - ".length()).trim();
            }
        }
        String msg = found != null ? found : last != null ? last : "no error output";
        return msg.length() > 300 ? msg.substring(0, 300) + "…" : msg;
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a scratch directory left behind in the temp folder is harmless
        }
    }
}
