package io.ftfleet.freqai;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.ftfleet.core.DataDirectory;

import org.springframework.stereotype.Component;

/**
 * Model artefacts stored by content hash: {@code <data-dir>/freqai/artefacts/<sha256>.<ext>}. The upload is
 * streamed to a temporary file while hashed, then moved into place, so a failed upload leaves nothing behind and
 * two identical uploads share one file.
 */
@Component
class ArtefactStore {

    static final String RELATIVE_DIR = "freqai/artefacts";

    private final Path root;
    private final Path dataRoot;

    ArtefactStore(DataDirectory dataDirectory) {
        this.dataRoot = dataDirectory.root();
        this.root = dataRoot.resolve(RELATIVE_DIR);
    }

    record Stored(String sha256, long size, String relativePath) {
    }

    Stored store(InputStream upload, String extension) {
        try {
            Files.createDirectories(root);
            Path temp = Files.createTempFile(root, "upload-", ".part");
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                long size;
                try (InputStream in = new DigestInputStream(upload, digest); OutputStream out = Files.newOutputStream(temp)) {
                    size = in.transferTo(out);
                }
                String sha = HexFormat.of().formatHex(digest.digest());
                Path target = root.resolve(sha + "." + extension);
                if (Files.exists(target)) {
                    Files.delete(temp);
                } else {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                }
                return new Stored(sha, size, dataRoot.relativize(target).toString());
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store model artefact", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored file behind a relative path this store returned. */
    Path resolve(String relativePath) {
        Path file = dataRoot.resolve(relativePath).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("not an artefact path: " + relativePath);
        }
        return file;
    }

    /** Files and bytes in the store, and whether it can be written: measured, for the FreqAI health route. */
    record Usage(boolean writable, long files, long bytes) {
    }

    Usage usage() {
        try {
            Files.createDirectories(root);
            long files = 0;
            long bytes = 0;
            try (var list = Files.list(root)) {
                for (Path p : list.filter(Files::isRegularFile).toList()) {
                    files++;
                    bytes += Files.size(p);
                }
            }
            Path probe = Files.createTempFile(root, "probe-", ".tmp");
            Files.delete(probe);
            return new Usage(true, files, bytes);
        } catch (IOException e) {
            return new Usage(false, 0, 0);
        }
    }

    void delete(String relativePath) {
        try {
            Path file = dataRoot.resolve(relativePath).normalize();
            if (file.startsWith(root)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete model artefact", e);
        }
    }
}
