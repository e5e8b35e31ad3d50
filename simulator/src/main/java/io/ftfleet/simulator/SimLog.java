package io.ftfleet.simulator;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Logging in freqtrade's format: "%(asctime)s - %(name)s - %(levelname)s - %(message)s"
 * (asctime = "YYYY-MM-DD HH:MM:SS,mmm", local time) to stderr and the --logfile, plus the
 * in-memory ring buffer of the last 1000 records served by GET /api/v1/logs.
 */
public final class SimLog {
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private static final DateTimeFormatter LOGS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int BUFFER = 1000;

    /** One record as kept for /logs: [local time, epoch ms (float), logger, level, message]. */
    public record Rec(String time, double epochMs, String name, String level, String msg) {}

    private static final SimLog ROOT = new SimLog(true);

    private final ArrayDeque<Rec> buffer = new ArrayDeque<>();
    private volatile PrintStream stderr;
    private volatile OutputStream file;
    private volatile boolean stderrWarningsOnly;
    private volatile int verbosity;

    public SimLog(boolean toStderr) {
        this.stderr = toStderr ? System.err : null;
    }

    public static SimLog root() { return ROOT; }

    public void setStderrWarningsOnly(boolean v) { this.stderrWarningsOnly = v; }

    public void setVerbosity(int v) { this.verbosity = v; }

    public int verbosity() { return verbosity; }

    public synchronized void setLogfile(String path) throws IOException {
        closeFile();
        if (path == null) return;
        Path p = Path.of(path).toAbsolutePath();
        if (p.getParent() != null) Files.createDirectories(p.getParent());
        file = new FileOutputStream(p.toFile(), true);
    }

    public synchronized void closeFile() {
        if (file != null) {
            try { file.close(); } catch (IOException ignored) { }
            file = null;
        }
    }

    public void info(String name, String msg) { log(name, "INFO", msg); }
    public void warning(String name, String msg) { log(name, "WARNING", msg); }
    public void error(String name, String msg) { log(name, "ERROR", msg); }
    public void debug(String name, String msg) { if (verbosity > 0) log(name, "DEBUG", msg); }

    public void log(String name, String level, String msg) {
        long nowMs = System.currentTimeMillis();
        double epochMs = nowMs + (System.nanoTime() % 1000) / 1000.0;
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(nowMs), ZoneId.systemDefault());
        String line = ASCTIME.format(local) + " - " + name + " - " + level + " - " + msg + "\n";
        synchronized (this) {
            buffer.addLast(new Rec(LOGS_TIME.format(local), epochMs, name, level, msg));
            while (buffer.size() > BUFFER) buffer.removeFirst();
            PrintStream err = stderr;
            if (err != null && (!stderrWarningsOnly || !"INFO".equals(level) && !"DEBUG".equals(level))) {
                err.print(line);
                err.flush();
            }
            if (file != null) {
                try {
                    file.write(line.getBytes(StandardCharsets.UTF_8));
                    file.flush();
                } catch (IOException ignored) { }
            }
        }
        if (this != ROOT && ROOT.file != null && file == null) {
            // nothing: per-bot logs in multi mode stay in memory/stderr
        }
    }

    public synchronized List<Rec> records(Integer limit) {
        List<Rec> all = new ArrayList<>(buffer);
        if (limit != null && limit >= 0 && limit < all.size()) {
            return new ArrayList<>(all.subList(all.size() - limit, all.size()));
        }
        return all;
    }
}
