package io.ftfleet.simulator;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** freqtrade/configuration/timerange.py: YYYYMMDD-YYYYMMDD, open ends, 10/13-digit epochs. Millisecond bounds (0 = open). */
public record TimeRange(long startMs, long stopMs) {
    private static final Pattern P = Pattern.compile("^(\\d{8}|\\d{10}|\\d{13})?-(\\d{8}|\\d{10}|\\d{13})?$");

    public static TimeRange parse(String text) {
        if (text == null) return new TimeRange(0, 0);
        Matcher m = P.matcher(text.trim());
        if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
            if (text.matches("^\\d{8}$")) return new TimeRange(toMs(text), 0);
            throw FtException.configuration("Incorrect syntax for timerange \"" + text + "\"");
        }
        long start = m.group(1) == null ? 0 : toMs(m.group(1));
        long stop = m.group(2) == null ? 0 : toMs(m.group(2));
        if (start > 0 && stop > 0 && start > stop) {
            throw FtException.configuration("Start date is after stop date for timerange \"" + text + "\"");
        }
        return new TimeRange(start, stop);
    }

    static long toMs(String s) {
        if (s.length() == 8) return LocalDate.parse(s, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        if (s.length() == 10) return Long.parseLong(s) * 1000;
        return Long.parseLong(s);
    }

    /** Closed range with defaults for missing ends. */
    public TimeRange resolve(long defaultStart, long defaultStop) {
        return new TimeRange(startMs == 0 ? defaultStart : startMs, stopMs == 0 ? defaultStop : stopMs);
    }
}
