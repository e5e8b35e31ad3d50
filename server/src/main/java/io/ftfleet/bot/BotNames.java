package io.ftfleet.bot;

import java.util.Optional;

/** Bot names are shown everywhere and used in logs and metrics labels: printable, short, no path parts. */
final class BotNames {

    static final int MAX = 64;

    private BotNames() {
    }

    /** Why the name is refused, or empty when it is fine. */
    static Optional<String> check(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("is required");
        }
        if (name.length() > MAX) {
            return Optional.of("must be at most " + MAX + " characters");
        }
        if (!name.equals(name.strip())) {
            return Optional.of("must not start or end with spaces");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("must not be . or ..");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return Optional.of("must not contain path separators");
            }
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                return Optional.of("must not contain control characters");
            }
        }
        return Optional.empty();
    }
}
