package io.ftfleet.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

/** What the server reads of a job's files and output is bounded, and stays inside the job's folder. */
class JobFilesTests {

    @TempDir
    Path dir;

    @Test
    void anEndlessOutputLineIsCutAndTheNextLineStillRead() throws IOException {
        String huge = "x".repeat(JobFiles.MAX_LINE * 10);
        StringReader in = new StringReader(huge + "\nprogress 1/2\r\n");
        assertThat(JobFiles.readLine(in)).hasSize(JobFiles.MAX_LINE);
        assertThat(JobFiles.readLine(in)).isEqualTo("progress 1/2");
        assertThat(JobFiles.readLine(in)).isNull();
    }

    @Test
    void aResultZipEntryLargerThanTheLimitFailsWithoutBeingReadWhole() throws IOException {
        Path zip = dir.resolve("backtest-result-1.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("backtest-result-1.json"));
            out.write(new byte[4 * 1024 * 1024]); // compresses to a few KiB: a small file that inflates far
            out.closeEntry();
        }
        assertThatThrownBy(() -> BacktestResults.fromZip(zip, 1024 * 1024)).isInstanceOf(IOException.class)
                .hasMessageContaining("larger than");
    }

    @Test
    void aZipWithTooManyEntriesIsRefused() throws IOException {
        Path zip = dir.resolve("backtest-result-2.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i <= BacktestResults.MAX_ZIP_ENTRIES; i++) {
                out.putNextEntry(new ZipEntry("e" + i));
                out.closeEntry();
            }
        }
        assertThatThrownBy(() -> BacktestResults.fromZip(zip)).isInstanceOf(IOException.class)
                .hasMessageContaining("entries");
    }

    @Test
    void aResultFileThatLinksOutOfTheJobFolderIsNotRead() throws IOException {
        Path outside = Files.writeString(Files.createTempFile("server-secret", ".json"), "{\"strategy\":{}}");
        Path results = Files.createDirectories(dir.resolve("user_data/backtest_results"));
        Files.writeString(results.resolve(".last_result.json"), "{\"latest_backtest\":\"backtest-result-3.json\"}");
        Files.createSymbolicLink(results.resolve("backtest-result-3.json"), outside);
        try {
            assertThatThrownBy(() -> BacktestResults.latest(results, JsonMapper.builder().build()))
                    .isInstanceOf(IOException.class).hasMessageContaining("not a regular file of the job");
        } finally {
            Files.delete(outside);
        }
    }
}
