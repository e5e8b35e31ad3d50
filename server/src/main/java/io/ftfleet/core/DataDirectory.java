package io.ftfleet.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The server's data directory, and owner-only files in it for secrets generated on first start.
 *
 * <p>Rights (POSIX file systems): the root is {@code rwx--x--x}, so the OS user bots and jobs may run as
 * ({@code ftfleet.runtime.local.run-as}) can reach the working trees handed over to it by name but cannot list the
 * root; {@code secrets/} (master key, JWT signing key) and {@code db/} (the embedded database) are owner-only
 * ({@code rwx------}), as is every file directly in the root. Secret files are {@code rw-------}.
 */
@Component
public class DataDirectory {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    static final String SECRETS = "secrets";
    static final String DATABASE = "db";

    private final Path root;

    DataDirectory(CoreProperties properties) {
        this.root = properties.dataDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            try {
                restrict(root, "rwx--x--x");
            } catch (IOException notOurs) {
                // A data directory owned by someone else (e.g. a mounted volume): its rights are theirs to set.
                log.warn("Cannot restrict the rights of {} ({}); secrets/ and db/ are still owner-only", root,
                        notOurs.toString());
            }
            for (String dir : new String[] { SECRETS, DATABASE }) {
                Path p = root.resolve(dir);
                Files.createDirectories(p);
                restrict(p, "rwx------");
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
                for (Path entry : entries) {
                    if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                        try {
                            restrict(entry, "rw-------");
                        } catch (IOException notOurs) {
                            log.warn("Cannot make {} owner-only ({})", entry, notOurs.toString());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data directory " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    /**
     * Reads a secret file in {@code secrets/}, or creates it (readable by the owner only) with a fresh value.
     * Creation is atomic, so two instances starting together agree on one value. A file an earlier version kept
     * directly in the data directory is moved into {@code secrets/} first.
     */
    public byte[] secretFile(String name, Supplier<byte[]> generator) {
        Path file = root.resolve(SECRETS).resolve(name);
        Path legacy = root.resolve(name);
        try {
            if (!Files.exists(file) && Files.isRegularFile(legacy, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.move(legacy, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException raced) {
                    // another instance moved it first
                }
            }
            if (Files.exists(file)) {
                restrict(file, "rw-------");
                return Files.readAllBytes(file);
            }
            byte[] value = generator.get();
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
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

    /**
     * Sets {@code path}'s rights (e.g. {@code rwx------}); a no-op on file systems without POSIX rights. The JVM
     * cannot set its own umask, so everything the server creates where others could look is restricted this way.
     */
    public static void restrict(Path path, String rights) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(rights));
        } catch (UnsupportedOperationException noPosix) {
            // e.g. Windows: rights are the file system's business there
        }
    }
}
