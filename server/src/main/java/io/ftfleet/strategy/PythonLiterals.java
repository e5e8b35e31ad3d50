package io.ftfleet.strategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.treesitter.TSNode;

/**
 * Evaluates Python literal expressions from the syntax tree (what {@code ast.literal_eval} accepts,
 * minus bytes, sets and complex numbers). Anything else evaluates to {@link #UNKNOWN}.
 *
 * <p>Result types: {@link Long}, {@link Double}, {@link String}, {@link Boolean}, {@link #NONE},
 * {@link List} (lists and tuples) and {@link LinkedHashMap} (dicts).
 */
final class PythonLiterals {

    /** Marker for a value that is not a literal. */
    static final Object UNKNOWN = new Object() {
        @Override
        public String toString() {
            return "<unknown>";
        }
    };

    /** Python's {@code None}. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private static final int MAX_DEPTH = 64;

    private final PythonSource source;

    PythonLiterals(PythonSource source) {
        this.source = source;
    }

    Object eval(TSNode node) {
        return eval(node, 0);
    }

    private Object eval(TSNode node, int depth) {
        if (node == null || depth > MAX_DEPTH || node.hasError()) {
            return UNKNOWN;
        }
        switch (node.getType()) {
            case "integer":
                return parseInteger(source.text(node));
            case "float":
                return parseFloat(source.text(node));
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "none":
                return NONE;
            case "string":
                return stringValue(node).map(s -> (Object) s).orElse(UNKNOWN);
            case "concatenated_string": {
                StringBuilder sb = new StringBuilder();
                for (PythonSource.Child child : source.namedChildren(node)) {
                    if (!child.node().getType().equals("string")) {
                        continue;
                    }
                    Optional<String> part = stringValue(child.node());
                    if (part.isEmpty()) {
                        return UNKNOWN;
                    }
                    sb.append(part.get());
                }
                return sb.toString();
            }
            case "parenthesized_expression": {
                List<PythonSource.Child> inner = source.namedChildren(node);
                return inner.size() == 1 ? eval(inner.get(0).node(), depth + 1) : UNKNOWN;
            }
            case "unary_operator": {
                TSNode operator = PythonSource.field(node, "operator");
                TSNode argument = PythonSource.field(node, "argument");
                Object value = eval(argument, depth + 1);
                String op = operator == null ? "" : source.text(operator);
                if (value instanceof Long l) {
                    if (op.equals("-")) {
                        return l == Long.MIN_VALUE ? UNKNOWN : -l;
                    }
                    return op.equals("+") ? l : UNKNOWN;
                }
                if (value instanceof Double d) {
                    if (op.equals("-")) {
                        return -d;
                    }
                    return op.equals("+") ? d : UNKNOWN;
                }
                return UNKNOWN;
            }
            case "list":
            case "tuple": {
                List<Object> out = new ArrayList<>();
                for (PythonSource.Child child : source.namedChildren(node)) {
                    Object value = eval(child.node(), depth + 1);
                    if (value == UNKNOWN) {
                        return UNKNOWN;
                    }
                    out.add(value);
                }
                return out;
            }
            case "dictionary": {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (PythonSource.Child child : source.namedChildren(node)) {
                    if (!child.node().getType().equals("pair")) {
                        return UNKNOWN;
                    }
                    Object key = eval(PythonSource.field(child.node(), "key"), depth + 1);
                    Object value = eval(PythonSource.field(child.node(), "value"), depth + 1);
                    if (key == UNKNOWN || value == UNKNOWN || key instanceof List || key instanceof Map) {
                        return UNKNOWN;
                    }
                    out.put(key, value);
                }
                return out;
            }
            default:
                return UNKNOWN;
        }
    }

    /** The value of a plain (non f-, non byte-) string literal. */
    Optional<String> stringValue(TSNode node) {
        if (node == null || !node.getType().equals("string") || node.hasError()) {
            return Optional.empty();
        }
        String prefix = "";
        boolean raw = false;
        StringBuilder sb = new StringBuilder();
        for (TSNode child : source.children(node)) {
            switch (child.getType()) {
                case "string_start": {
                    String start = source.text(child);
                    int quote = Math.max(start.indexOf('\''), start.indexOf('"'));
                    prefix = (quote < 0 ? start : start.substring(0, quote)).toLowerCase(java.util.Locale.ROOT);
                    if (prefix.contains("f") || prefix.contains("b") || prefix.contains("t")) {
                        return Optional.empty();
                    }
                    raw = prefix.contains("r");
                    break;
                }
                case "string_content":
                    appendContent(sb, child, raw);
                    break;
                case "interpolation":
                    return Optional.empty();
                default:
                    break;
            }
        }
        return Optional.of(sb.toString());
    }

    private void appendContent(StringBuilder sb, TSNode content, boolean raw) {
        // string_content may contain escape_sequence children; copy text between them verbatim
        String text = source.text(content);
        if (raw) {
            sb.append(text);
            return;
        }
        int base = content.getStartByte() / 2;
        int pos = 0;
        for (TSNode child : source.children(content)) {
            if (!child.getType().equals("escape_sequence")) {
                continue;
            }
            int start = child.getStartByte() / 2 - base;
            int end = child.getEndByte() / 2 - base;
            sb.append(text, pos, start);
            sb.append(unescape(text.substring(start, end)));
            pos = end;
        }
        sb.append(text, pos, text.length());
    }

    private static String unescape(String escape) {
        if (escape.length() < 2) {
            return escape;
        }
        char c = escape.charAt(1);
        switch (c) {
            case 'n':
                return "\n";
            case 't':
                return "\t";
            case 'r':
                return "\r";
            case '\\':
                return "\\";
            case '\'':
                return "'";
            case '"':
                return "\"";
            case '0':
                return escape.length() == 2 ? "\0" : escape;
            case '\n':
                return "";
            case 'x':
            case 'u':
            case 'U':
                try {
                    return new String(Character.toChars(Integer.parseInt(escape.substring(2), 16)));
                } catch (IllegalArgumentException e) {
                    return escape;
                }
            default:
                return escape;
        }
    }

    static Object parseInteger(String text) {
        String t = text.replace("_", "").toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("0x")) {
                return Long.parseLong(t.substring(2), 16);
            }
            if (t.startsWith("0o")) {
                return Long.parseLong(t.substring(2), 8);
            }
            if (t.startsWith("0b")) {
                return Long.parseLong(t.substring(2), 2);
            }
            if (t.endsWith("j") || t.endsWith("l")) {
                return UNKNOWN;
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    static Object parseFloat(String text) {
        String t = text.replace("_", "");
        if (t.endsWith("j") || t.endsWith("J")) {
            return UNKNOWN;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    /** Renders a value for a report: strings without quotes, the rest as Python would print it. */
    static String render(Object value) {
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return String.valueOf(value);
    }
}
