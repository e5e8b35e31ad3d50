package io.ftfleet.strategy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.treesitter.TSInputEncoding;
import org.treesitter.TSLanguage;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSPoint;
import org.treesitter.TSQuery;
import org.treesitter.TSQueryCapture;
import org.treesitter.TSQueryCursor;
import org.treesitter.TSQueryMatch;
import org.treesitter.TSTree;
import org.treesitter.TSTreeCursor;
import org.treesitter.TreeSitterPython;

/**
 * A Python source parsed with the tree-sitter Python grammar.
 *
 * <p>The text is handed to tree-sitter as UTF-16LE, so a node's byte offset divided by two is its
 * index in the Java string. Instances are confined to one thread; the grammar and the compiled
 * queries are shared (they are immutable).
 */
final class PythonSource implements AutoCloseable {

    private static final int CHUNK_BYTES = 64 * 1024;

    private static final class Grammar {
        static final TSLanguage PYTHON = new TreeSitterPython();
    }

    private final String text;
    private final TSTree tree;
    private final TSNode root;
    private final TSTreeCursor cursor;

    private PythonSource(String text, TSTree tree) {
        this.text = text;
        this.tree = tree;
        this.root = tree.getRootNode();
        this.cursor = new TSTreeCursor(root);
    }

    static TSLanguage language() {
        return Grammar.PYTHON;
    }

    /** Parses without a time limit. */
    static PythonSource parse(String text) {
        return parse(text, Long.MAX_VALUE);
    }

    /**
     * Parses {@code text}; returns {@code null} when parsing takes longer than {@code budgetNanos}
     * (tree-sitter's error recovery can be slow on large, badly broken input).
     */
    static PythonSource parse(String text, long budgetNanos) {
        byte[] data = text.getBytes(StandardCharsets.UTF_16LE);
        long start = System.nanoTime();
        try (TSParser parser = new TSParser()) {
            if (!parser.setLanguage(Grammar.PYTHON)) {
                throw new IllegalStateException("tree-sitter rejected the Python grammar (ABI mismatch)");
            }
            TSTree tree = parser.parseWithOptions(new byte[CHUNK_BYTES], null, (buffer, offset, point) -> {
                int n = Math.min(buffer.length, data.length - offset);
                if (n <= 0) {
                    return 0;
                }
                System.arraycopy(data, offset, buffer, 0, n);
                return n;
            }, TSInputEncoding.TSInputEncodingUTF16LE, state -> System.nanoTime() - start > budgetNanos);
            if (tree == null) {
                return null; // cancelled by the progress callback
            }
            return new PythonSource(text, tree);
        }
    }

    TSNode root() {
        return root;
    }

    String text() {
        return text;
    }

    String text(TSNode node) {
        return text.substring(node.getStartByte() / 2, node.getEndByte() / 2);
    }

    /** 1-based line of the node's start. */
    int line(TSNode node) {
        return node.getStartPoint().getRow() + 1;
    }

    /** 1-based column of the node's start, in code points. */
    int column(TSNode node) {
        TSPoint point = node.getStartPoint();
        int index = node.getStartByte() / 2;
        int lineStart = Math.max(0, index - point.getColumn() / 2);
        return text.codePointCount(lineStart, index) + 1;
    }

    /** All children (named and anonymous), in order, in linear time. */
    List<TSNode> children(TSNode node) {
        List<TSNode> out = new ArrayList<>();
        cursor.reset(node);
        if (cursor.gotoFirstChild()) {
            do {
                out.add(cursor.currentNode());
            } while (cursor.gotoNextSibling());
        }
        return out;
    }

    /** Named children in order, paired with their field name (may be null). */
    List<Child> namedChildren(TSNode node) {
        List<Child> out = new ArrayList<>();
        cursor.reset(node);
        if (cursor.gotoFirstChild()) {
            do {
                TSNode current = cursor.currentNode();
                if (current.isNamed() && (!current.isExtra() || current.isError())) {
                    out.add(new Child(cursor.currentFieldName(), current));
                }
            } while (cursor.gotoNextSibling());
        }
        return out;
    }

    record Child(String field, TSNode node) {
    }

    static TSNode field(TSNode node, String name) {
        TSNode child = node.getChildByFieldName(name);
        return child == null || child.isNull() ? null : child;
    }

    /**
     * Runs a query below {@code node} and returns each match's captures, or {@code null} when the
     * {@code deadline} ({@link System#nanoTime()} value) passes first.
     */
    List<TSQueryCapture[]> matches(TSQuery query, TSNode node, long deadline) {
        List<TSQueryCapture[]> out = new ArrayList<>();
        try (TSQueryCursor queryCursor = new TSQueryCursor()) {
            queryCursor.execWithOptions(query, node, state -> System.nanoTime() - deadline > 0);
            while (true) {
                TSQueryMatch match = new TSQueryMatch();
                if (!queryCursor.nextMatch(match)) {
                    break;
                }
                out.add(match.getCaptures().clone());
                if (System.nanoTime() - deadline > 0) {
                    return null;
                }
            }
        }
        return System.nanoTime() - deadline > 0 ? null : out;
    }

    @Override
    public void close() {
        cursor.close();
        tree.close();
    }
}
