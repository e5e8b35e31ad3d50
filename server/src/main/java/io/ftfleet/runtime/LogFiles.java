package io.ftfleet.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Reading the end of a bot's log file without loading all of it. */
final class LogFiles {

    private LogFiles() {
    }

    /** The last {@code lines} lines, reading backwards in blocks. */
    static List<String> tail(Path file, int lines) {
        if (lines <= 0 || !Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length();
            long pos = end;
            int newlines = 0;
            byte[] block = new byte[8192];
            while (pos > 0 && newlines <= lines) {
                int n = (int) Math.min(block.length, pos);
                pos -= n;
                raf.seek(pos);
                raf.readFully(block, 0, n);
                for (int i = n - 1; i >= 0; i--) {
                    if (block[i] == '\n' && pos + i != end - 1) {
                        newlines++;
                        if (newlines > lines) {
                            pos = pos + i + 1;
                            break;
                        }
                    }
                }
            }
            byte[] bytes = new byte[(int) (end - pos)];
            raf.seek(pos);
            raf.readFully(bytes);
            Deque<String> out = new ArrayDeque<>(new String(bytes, StandardCharsets.UTF_8).lines().toList());
            while (out.size() > lines) {
                out.removeFirst();
            }
            return new ArrayList<>(out);
        } catch (IOException e) {
            return List.of();
        }
    }
}
