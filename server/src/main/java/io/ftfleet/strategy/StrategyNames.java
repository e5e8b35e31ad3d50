package io.ftfleet.strategy;

import java.util.Optional;
import java.util.Set;

/**
 * Validation of strategy names used as storage identity. A strategy is identified by its class name
 * (Freqtrade resolves strategies by class name) and stored as {@code <ClassName>.py}.
 */
public final class StrategyNames {

    /** Longest accepted class name. */
    public static final int MAX_LENGTH = 100;

    private static final String FILE_SUFFIX = ".py";

    /** Python's hard keywords (soft keywords such as {@code match} are valid identifiers). */
    private static final Set<String> KEYWORDS = Set.of(
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
            "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
            "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

    private StrategyNames() {
    }

    /**
     * Checks a strategy class name.
     *
     * @return empty when valid, otherwise a message explaining why the name is refused
     */
    public static Optional<String> validateClassName(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("The strategy name must not be empty.");
        }
        if (name.contains("/") || name.contains("\\") || name.contains("..")) {
            return Optional.of("The strategy name must not contain path separators or '..'.");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("The strategy name must be at most " + MAX_LENGTH + " characters long (it has "
                    + name.length() + ").");
        }
        char first = name.charAt(0);
        if (first >= '0' && first <= '9') {
            return Optional.of("The strategy name must not start with a digit.");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok) {
                return Optional.of("The strategy name may only contain ASCII letters, digits and underscores;"
                        + " found " + describe(name.codePointAt(i)) + " at position " + (i + 1) + ".");
            }
        }
        if (KEYWORDS.contains(name)) {
            return Optional.of("'" + name + "' is a Python keyword and cannot be a class name.");
        }
        return Optional.empty();
    }

    /** Whether {@code name} is an acceptable strategy class name. */
    public static boolean isValidClassName(String name) {
        return validateClassName(name).isEmpty();
    }

    /**
     * The storage file name for a class name.
     *
     * @throws IllegalArgumentException when the class name is not valid
     */
    public static String fileNameFor(String className) {
        Optional<String> problem = validateClassName(className);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        return className + FILE_SUFFIX;
    }

    private static String describe(int codePoint) {
        if (codePoint < 0x20 || codePoint == 0x7f || Character.isWhitespace(codePoint)) {
            return String.format("U+%04X", codePoint);
        }
        return "'" + new String(Character.toChars(codePoint)) + "'";
    }
}
