package io.ftfleet.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Extracts the Python code of a strategy from a Markdown document (e.g. a pasted answer or README),
 * following the CommonMark rules for fenced code blocks.
 *
 * <p>Choice of block: the fenced blocks whose info string starts with {@code python}, {@code py},
 * {@code python3} or {@code py3} (case-insensitive) are preferred; of several, the first that
 * defines a class deriving from {@code IStrategy} wins, else the first. Without any, the first
 * fenced block without an info string is taken. The block's indentation is kept, except that the
 * indentation of an indented opening fence (up to 3 spaces) is removed from the content lines as
 * CommonMark does. Line endings are normalised to {@code \n}.
 *
 * <p>Not supported: fences inside block quotes or list items (container blocks).
 */
public final class MarkdownCode {

    private static final Set<String> PYTHON_INFO = Set.of("python", "py", "python3", "py3");

    private MarkdownCode() {
    }

    /** A fenced code block: its info string's first word (lower case, may be empty) and its content. */
    record Block(String language, String code) {
    }

    /**
     * The strategy's Python code, or empty when the document has no suitable fenced block.
     * Never throws.
     */
    public static Optional<String> extractPython(String markdown) {
        if (markdown == null || markdown.isEmpty()) {
            return Optional.empty();
        }
        List<Block> blocks = blocks(markdown);
        List<Block> python = blocks.stream().filter(b -> PYTHON_INFO.contains(b.language())).toList();
        if (python.size() == 1) {
            return Optional.of(python.get(0).code());
        }
        if (python.size() > 1) {
            for (Block block : python) {
                if (StrategyAnalyzer.definesStrategyClass(block.code())) {
                    return Optional.of(block.code());
                }
            }
            return Optional.of(python.get(0).code());
        }
        return blocks.stream().filter(b -> b.language().isEmpty()).findFirst().map(Block::code);
    }

    /** All fenced code blocks of the document, in order. */
    static List<Block> blocks(String markdown) {
        List<String> lines = lines(markdown);
        List<Block> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            Fence open = openingFence(lines.get(i));
            if (open == null) {
                i++;
                continue;
            }
            StringBuilder code = new StringBuilder();
            i++;
            while (i < lines.size() && !open.closedBy(lines.get(i))) {
                code.append(stripIndent(lines.get(i), open.indent())).append('\n');
                i++;
            }
            i++; // skip the closing fence (or run past the end of an unterminated block)
            out.add(new Block(open.language(), code.toString()));
        }
        return out;
    }

    private record Fence(char marker, int length, int indent, String language) {
        boolean closedBy(String line) {
            int indent = leadingSpaces(line);
            if (indent > 3) {
                return false;
            }
            int pos = indent;
            while (pos < line.length() && line.charAt(pos) == marker) {
                pos++;
            }
            if (pos - indent < length) {
                return false;
            }
            for (int k = pos; k < line.length(); k++) {
                char c = line.charAt(k);
                if (c != ' ' && c != '\t') {
                    return false;
                }
            }
            return true;
        }
    }

    private static Fence openingFence(String line) {
        int indent = leadingSpaces(line);
        if (indent > 3 || indent >= line.length()) {
            return null;
        }
        char marker = line.charAt(indent);
        if (marker != '`' && marker != '~') {
            return null;
        }
        int pos = indent;
        while (pos < line.length() && line.charAt(pos) == marker) {
            pos++;
        }
        int length = pos - indent;
        if (length < 3) {
            return null;
        }
        String info = line.substring(pos).strip();
        if (marker == '`' && info.indexOf('`') >= 0) {
            return null; // not a fence (CommonMark: backtick info strings may not contain backticks)
        }
        int end = 0;
        while (end < info.length() && !Character.isWhitespace(info.charAt(end))) {
            end++;
        }
        String language = info.substring(0, end).toLowerCase(Locale.ROOT);
        if (language.startsWith("{") && language.endsWith("}")) {
            language = language.substring(1, language.length() - 1).replaceFirst("^\\.", "");
        }
        return new Fence(marker, length, indent, language);
    }

    private static int leadingSpaces(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }

    private static String stripIndent(String line, int indent) {
        int n = 0;
        while (n < indent && n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return line.substring(n);
    }

    /** Splits on {@code \r\n}, {@code \r} and {@code \n}; a final line ending does not start a new line. */
    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
            i++;
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }
}
