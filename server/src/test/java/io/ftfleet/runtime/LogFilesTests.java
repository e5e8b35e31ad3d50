package io.ftfleet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log tail reads a bounded window, however large the file or its lines. */
class LogFilesTests {

    @TempDir
    Path dir;

    @Test
    void returnsTheLastLinesInOrder() throws Exception {
        Path file = dir.resolve("a.log");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        assertThat(LogFiles.tail(file, 3)).containsExactly("line 98", "line 99", "line 100");
        assertThat(LogFiles.tail(file, 500)).hasSize(100).startsWith("line 1");
    }

    @Test
    void aHugeLogWithoutNewlinesIsReadOnlyWithinTheWindow() throws Exception {
        Path file = dir.resolve("huge.log");
        byte[] block = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
        try (var out = Files.newOutputStream(file)) {
            for (int i = 0; i < 8; i++) { // 8 MiB in one line
                out.write(block);
            }
            out.write("\nlast\n".getBytes(StandardCharsets.UTF_8));
        }
        List<String> tail = LogFiles.tail(file, 1000);
        // Only the window was read: the 8 MiB line is cut, its start dropped, the last line intact.
        assertThat(tail).last().isEqualTo("last");
        assertThat(tail.stream().mapToInt(String::length).sum()).isLessThanOrEqualTo(LogFiles.MAX_WINDOW);
    }

    @Test
    void aWindowStartingExactlyAtALineKeepsThatLine() throws Exception {
        Path file = dir.resolve("b.log");
        Files.writeString(file, "a\nb\nc\n", StandardCharsets.UTF_8);
        assertThat(LogFiles.tail(file, 2)).containsExactly("b", "c");
    }
}
