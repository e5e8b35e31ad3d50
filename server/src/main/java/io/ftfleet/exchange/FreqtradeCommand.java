package io.ftfleet.exchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.ftfleet.runtime.FreqtradeExecutable;

import org.springframework.stereotype.Component;

/**
 * Runs one short Freqtrade utility command (the runtime's configured command line, arguments appended) in a
 * scratch directory and returns its stdout. Output goes to files, not pipes, so a chatty command never blocks.
 * The process is built by {@link FreqtradeExecutable} (minimal environment, the run-as user); at most
 * {@link #MAX_OUTPUT} bytes of its output are read.
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

    /** More than any exchange's market list (a few MiB); a larger output is refused. */
    static final int MAX_OUTPUT = 16 * 1024 * 1024;

    private final FreqtradeExecutable freqtrade;

    FreqtradeCommand(FreqtradeExecutable freqtrade) {
        this.freqtrade = freqtrade;
    }

    String commandName() {
        return freqtrade.commandName();
    }

    String run(Duration timeout, String... args) {
        Path dir = null;
        Process process = null;
        try {
            dir = Files.createTempDirectory("ftfleet-cmd-");
            Path out = dir.resolve("stdout");
            Path err = dir.resolve("stderr");
            Files.createFile(out);
            Files.createFile(err);
            freqtrade.handOver(dir);
            process = freqtrade.builder(List.of(args), dir, Map.of()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new Failed("freqtrade " + args[0] + " did not finish within " + timeout.toSeconds() + "s", true);
            }
            if (process.exitValue() != 0) {
                throw new Failed("freqtrade " + args[0] + " failed (exit " + process.exitValue() + "): "
                        + lastErrorLine(read(err, 1024 * 1024, true)), false);
            }
            return read(out, MAX_OUTPUT, false);
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
        FreqtradeExecutable.terminateTree(process.toHandle(), Duration.ZERO);
    }

    /**
     * At most {@code max} bytes of an output file (which the command's user owns: never through a link). Past the
     * limit: the tail for stderr (the error is at the end), a failure for stdout (a cut list would be wrong).
     */
    private static String read(Path file, int max, boolean tail) throws IOException {
        try (InputStream in = Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            long size = Files.size(file);
            if (size > max) {
                if (!tail) {
                    throw new Failed("freqtrade printed more than " + max / (1024 * 1024) + " MiB", false);
                }
                in.skipNBytes(size - max);
            }
            return new String(in.readNBytes(max), StandardCharsets.UTF_8);
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
