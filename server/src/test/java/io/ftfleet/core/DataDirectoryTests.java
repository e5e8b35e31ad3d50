package io.ftfleet.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The server's secret files live owner-only in {@code secrets/}; where an earlier version left them, they move. */
class DataDirectoryTests {

    @TempDir
    Path tmp;

    private DataDirectory open(Path root) {
        return new DataDirectory(new CoreProperties(root, new CoreProperties.Http(DataSize.ofMegabytes(1),
                DataSize.ofMegabytes(50)), new CoreProperties.Logging(false)));
    }

    private static String rights(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aSecretFileLeftInTheDataDirectoryIsMovedIntoSecretsAndKeepsItsValue() throws IOException {
        Path root = tmp.resolve("data");
        Files.createDirectories(root);
        Files.writeString(root.resolve("master.key"), "legacy-value");
        Files.setPosixFilePermissions(root.resolve("master.key"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(root.resolve("stray.txt"), "x");

        DataDirectory data = open(root);
        byte[] value = data.secretFile("master.key", () -> "new".getBytes(StandardCharsets.US_ASCII));

        assertThat(new String(value, StandardCharsets.US_ASCII)).isEqualTo("legacy-value");
        assertThat(root.resolve("master.key")).doesNotExist();
        assertThat(rights(root.resolve("secrets/master.key"))).isEqualTo("rw-------");
        assertThat(rights(root.resolve("secrets"))).isEqualTo("rwx------");
        assertThat(rights(root.resolve("db"))).isEqualTo("rwx------");
        assertThat(rights(root)).isEqualTo("rwx--x--x");
        assertThat(rights(root.resolve("stray.txt"))).isEqualTo("rw-------");
    }

    @Test
    void aNewSecretFileIsCreatedOwnerOnlyInSecrets() throws IOException {
        DataDirectory data = open(tmp.resolve("fresh"));
        data.secretFile("jwt-secret", () -> "generated".getBytes(StandardCharsets.US_ASCII));
        Path file = tmp.resolve("fresh/secrets/jwt-secret");
        assertThat(Files.readString(file)).isEqualTo("generated");
        assertThat(rights(file)).isEqualTo("rw-------");
        assertThat(new String(data.secretFile("jwt-secret", () -> new byte[0]), StandardCharsets.US_ASCII))
                .isEqualTo("generated");
    }
}
