package io.ftfleet.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading the end of a bot's log file: only a bounded window at its end is ever read into memory. */
final class LogFiles {

    /** At most this many bytes are read, whatever the file size or line length (a log line may be huge). */
    static final int MAX_WINDOW = 1 << 20;
    /** Bytes allowed per requested line before the window is capped by {@link #MAX_WINDOW}. */
    private static final int BYTES_PER_LINE = 4096;

    private LogFiles() {
    }

    /** The last {@code lines} lines, from a window of at most {@link #MAX_WINDOW} bytes at the file's end. */
    static List<String> tail(Path file, int lines) {
        if (lines <= 0 || !Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length();
            int window = (int) Math.min(end, Math.min(MAX_WINDOW, (long) lines * BYTES_PER_LINE));
            byte[] bytes = new byte[window];
            raf.seek(end - window);
            raf.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            // A window that starts mid-file starts mid-line: that partial first line is dropped.
            boolean midLine = end > window && readByteAt(raf, end - window - 1) != '\n';
            int from = midLine && !all.isEmpty() ? 1 : 0;
            return List.copyOf(all.subList(Math.max(from, all.size() - lines), all.size()));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int readByteAt(RandomAccessFile raf, long pos) throws IOException {
        raf.seek(pos);
        return raf.read();
    }
}
