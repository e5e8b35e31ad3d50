package io.ftfleet.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the rich tables {@code lookahead-analysis} and {@code recursive-analysis} print on stdout (addendum A1.5,
 * A2.3): a title line, a header row between {@code ┃}, data rows between {@code │}. They write no result file, so the
 * job's own log is the result.
 */
final class AnalysisTables {

    private AnalysisTables() {
    }

    /** The table's header and rows, or null when the output has no table with this title. */
    record Table(List<String> header, List<Map<String, String>> rows) {
    }

    static Table read(Path log, String title) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).trim().equals(title)) {
                continue;
            }
            List<String> header = null;
            List<Map<String, String>> rows = new ArrayList<>();
            for (int j = i + 1; j < lines.size(); j++) {
                String line = lines.get(j).trim();
                if (line.startsWith("┃") && header == null) {
                    header = cells(line, "┃");
                } else if (line.startsWith("│") && header != null) {
                    List<String> cells = cells(line, "│");
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int c = 0; c < header.size() && c < cells.size(); c++) {
                        row.put(header.get(c), cells.get(c));
                    }
                    rows.add(row);
                } else if (line.startsWith("└")) {
                    break;
                }
            }
            if (header != null) {
                return new Table(header, rows);
            }
        }
        return null;
    }

    private static List<String> cells(String line, String separator) {
        String inner = line.substring(1, line.length() - (line.endsWith(separator) ? 1 : 0));
        return Arrays.stream(inner.split(java.util.regex.Pattern.quote(separator), -1)).map(String::trim).toList();
    }
}
