package io.ftfleet.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

/** The server's data directory, and owner-only files in it for secrets generated on first start. */
@Component
public class DataDirectory {

    private final Path root;

    DataDirectory(CoreProperties properties) {
        this.root = properties.dataDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data directory " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    /**
     * Reads a secret file, or creates it (readable by the owner only) with a fresh value. Creation is atomic, so
     * two instances starting together agree on one value.
     */
    public byte[] secretFile(String name, Supplier<byte[]> generator) {
        Path file = root.resolve(name);
        try {
            if (Files.exists(file)) {
                return Files.readAllBytes(file);
            }
            byte[] value = generator.get();
            try {
                Files.createFile(file, ownerOnly());
            } catch (FileAlreadyExistsException raced) {
                return Files.readAllBytes(file);
            } catch (UnsupportedOperationException noPosix) {
                Files.createFile(file);
            }
            Files.write(file, value, StandardOpenOption.TRUNCATE_EXISTING);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create secret file " + file, e);
        }
    }

    private static java.nio.file.attribute.FileAttribute<?> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }
}
