package io.ftfleet.notify;

import java.util.Locale;

/** How urgent an alert is; a channel's {@code min_severity} drops what is below it. */
enum Severity {
    INFO, WARNING, CRITICAL;

    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Severity parse(String value) {
        for (Severity s : values()) {
            if (s.value().equals(value)) {
                return s;
            }
        }
        return null;
    }
}
