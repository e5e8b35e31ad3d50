package io.ftfleet.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Reads of files inside a job's working tree, which the job's process (strategy code, possibly another OS user)
 * controls: the server, which may run with more rights, reads only regular files that really are inside the tree
 * (no symbolic link out of it, e.g. to {@code secrets/master.key}), and only so much of them.
 */
final class JobFiles {

    /** Longest output line kept; the rest of a longer line is dropped (a progress line is far shorter). */
    static final int MAX_LINE = 8 * 1024;

    private JobFiles() {
    }

    /** {@code file} if it is a regular file whose real path lies inside {@code tree}; else an IOException. */
    static Path inside(Path tree, Path file) throws IOException {
        Path realTree = tree.toRealPath();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !file.toRealPath().startsWith(realTree)) {
            throw new IOException(tree.relativize(file) + " is not a regular file of the job");
        }
        return file;
    }

    /**
     * {@code dir} if it is a directory (not a link to one) whose real path lies inside {@code tree}; else an
     * IOException. Whoever then walks it must not follow the links inside it either.
     */
    static Path directoryInside(Path tree, Path dir) throws IOException {
        Path realTree = tree.toRealPath();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !dir.toRealPath().startsWith(realTree)) {
            throw new IOException(tree.relativize(dir) + " is not a folder of the job");
        }
        return dir;
    }

    /** The file's text (UTF-8), at most {@code max} bytes; more is an IOException. */
    static String read(Path tree, Path file, long max) throws IOException {
        try (InputStream in = Files.newInputStream(inside(tree, file), LinkOption.NOFOLLOW_LINKS)) {
            return new String(readAtMost(in, max, file.getFileName().toString()), StandardCharsets.UTF_8);
        }
    }

    /** All of {@code in}, failing when it holds more than {@code max} bytes (never allocating more). */
    static byte[] readAtMost(InputStream in, long max, String what) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (bytes.length > max) {
            throw new IOException(what + " is larger than " + max / (1024 * 1024) + " MiB");
        }
        return bytes;
    }

    /**
     * The next line of {@code in} (without its terminator), at most {@link #MAX_LINE} characters: the rest of a
     * longer line is read and dropped. Null at the end of the input.
     */
    static String readLine(Reader in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        boolean any = false;
        while ((c = in.read()) >= 0) {
            any = true;
            if (c == '\n') {
                break;
            }
            if (line.length() < MAX_LINE) {
                line.append((char) c);
            }
        }
        if (!any) {
            return null;
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return line.toString();
    }
}
