package io.ftfleet.strategy;

import io.ftfleet.strategy.StrategyReport.Finding;
import io.ftfleet.strategy.StrategyReport.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.treesitter.TSNode;
import org.treesitter.TSQuery;
import org.treesitter.TSQueryCapture;

/**
 * Static validation of Freqtrade strategy sources (see the Freqtrade contract, sections 7 and 8).
 *
 * <p>The source is parsed with a real Python 3 parser (the tree-sitter Python grammar); nothing is
 * executed and no regular expressions are applied to source code. The analyzer is stateless and
 * thread-safe; {@link #analyze(String)} never throws.
 */
public final class StrategyAnalyzer {

    /** Largest accepted source, in UTF-8 bytes. */
    public static final int MAX_SOURCE_BYTES = 1024 * 1024;

    /** At most this many syntax errors are listed individually. */
    static final int MAX_SYNTAX_ERRORS = 50;

    private static final Set<String> PARAMETER_TYPES = Set.of(
            "IntParameter", "DecimalParameter", "RealParameter", "CategoricalParameter", "BooleanParameter");
    private static final List<String> SPACE_PREFIXES = List.of("buy", "sell", "protection");
    private static final List<String> FEATURE_ENGINEERING_METHODS = List.of(
            "feature_engineering_expand_all", "feature_engineering_expand_basic", "feature_engineering_standard");
    private static final List<String> SIGNAL_METHODS = List.of(
            "populate_indicators", "populate_entry_trend", "populate_exit_trend",
            "populate_buy_trend", "populate_sell_trend");
    /** Interface v2 method names and their v3 replacements. */
    private static final Map<String, String> DEPRECATED_METHODS = orderedMap(
            "check_buy_timeout", "check_entry_timeout",
            "check_sell_timeout", "check_exit_timeout",
            "custom_sell", "custom_exit");
    /** Interface v2 attribute names and their v3 replacements. */
    private static final Map<String, String> DEPRECATED_ATTRIBUTES = orderedMap(
            "use_sell_signal", "use_exit_signal",
            "sell_profit_only", "exit_profit_only",
            "sell_profit_offset", "exit_profit_offset",
            "ignore_roi_if_buy_signal", "ignore_roi_if_entry_signal",
            "ticker_interval", "timeframe");
    private static final Set<String> TIMEFRAME_UNITS = Set.of("s", "m", "h", "d", "w", "M", "y");

    /** Default limit for parsing one source. */
    static final Duration DEFAULT_PARSE_BUDGET = Duration.ofSeconds(5);

    private static final class Queries {
        /** One pass over the tree: Python 2 statements, and calls of the form {@code a.b.c(...)}. */
        static final TSQuery SCAN = new TSQuery(PythonSource.language(),
                "[(print_statement) (exec_statement)] @py2statement\n"
                        + "(call function: (attribute object: (attribute object: (identifier) @object"
                        + " attribute: (identifier) @attribute) attribute: (identifier) @method))");
    }

    private final long parseBudgetNanos;

    /** An analyzer with the default parse time limit (5 seconds). */
    public StrategyAnalyzer() {
        this(DEFAULT_PARSE_BUDGET);
    }

    StrategyAnalyzer(Duration parseBudget) {
        this.parseBudgetNanos = parseBudget.toNanos();
    }

    /**
     * Analyzes one strategy source file.
     *
     * @param source the Python source; {@code null}, empty, blank and oversized inputs yield an error report
     * @return the report, never {@code null}
     */
    public StrategyReport analyze(String source) {
        try {
            if (source == null || source.isBlank()) {
                return failure("empty_source", "The strategy source is empty.");
            }
            long bytes = utf8Length(source);
            if (bytes > MAX_SOURCE_BYTES) {
                return failure("source_too_large", "The strategy source is " + bytes
                        + " bytes; at most " + MAX_SOURCE_BYTES + " bytes (1 MiB) are accepted.");
            }
            long deadline = System.nanoTime() + parseBudgetNanos;
            PythonSource parsed = PythonSource.parse(source, parseBudgetNanos);
            if (parsed == null) {
                return timeout();
            }
            try (PythonSource python = parsed) {
                return new Analysis(python, deadline).run();
            } catch (DeadlineExceeded e) {
                return timeout();
            }
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            return failure("analysis_failed", "The strategy could not be analyzed: " + e);
        }
    }

    /** Whether {@code code} parses and defines a class deriving from {@code IStrategy}. Never throws. */
    static boolean definesStrategyClass(String code) {
        if (code == null || code.isBlank() || utf8Length(code) > MAX_SOURCE_BYTES) {
            return false;
        }
        PythonSource parsed = PythonSource.parse(code, DEFAULT_PARSE_BUDGET.toNanos());
        if (parsed == null) {
            return false;
        }
        try (PythonSource python = parsed) {
            Analysis analysis = new Analysis(python, System.nanoTime() + DEFAULT_PARSE_BUDGET.toNanos());
            analysis.scanModule(python.root());
            return !analysis.strategyClasses().isEmpty();
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            return false;
        }
    }

    private StrategyReport timeout() {
        return failure("analysis_timeout", "Analyzing took longer than "
                + Duration.ofNanos(parseBudgetNanos).toMillis() + " ms; the source is too large or too badly"
                + " broken to analyze.");
    }

    /** Thrown inside an analysis whose time budget is used up. */
    private static final class DeadlineExceeded extends RuntimeException {
        DeadlineExceeded() {
            super("analysis time budget exceeded", null, false, false);
        }
    }

    private static StrategyReport failure(String code, String message) {
        return new StrategyReport(false, List.of(new Finding(code, message, 1, 1)), List.of(),
                null, null, List.of(), null, null, false, null, null, null, null, false, List.of(), List.of());
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }

    // ------------------------------------------------------------------------------------------

    /** A class statement found at module level. */
    private record ClassDef(String name, TSNode node, List<TSNode> bases, TSNode body) {
    }

    /** A class-level {@code name = value} statement. */
    private record Assignment(String name, TSNode target, TSNode value) {
    }

    /** The class-level members of one class. */
    private static final class Members {
        final List<Assignment> assignments = new ArrayList<>();
        final Map<String, TSNode> methods = new LinkedHashMap<>();
        final Set<String> properties = new HashSet<>();
    }

    /** One analysis run; confined to the calling thread. */
    private static final class Analysis {
        private final PythonSource python;
        private final PythonLiterals literals;
        private final List<Finding> errors = new ArrayList<>();
        private final List<Finding> warnings = new ArrayList<>();
        private final Map<String, String> importedAs = new HashMap<>();
        private final List<ClassDef> classes = new ArrayList<>();
        /** Start offsets of {@code self.freqai.start(...)} calls anywhere in the module. */
        private final List<Integer> freqaiStartCalls = new ArrayList<>();

        private final long deadline;
        private int ticks;

        Analysis(PythonSource python, long deadline) {
            this.python = python;
            this.literals = new PythonLiterals(python);
            this.deadline = deadline;
        }

        /** Called in every loop over nodes; bounds the total analysis time. */
        private void tick() {
            if ((++ticks & 0xff) == 0 && System.nanoTime() - deadline > 0) {
                throw new DeadlineExceeded();
            }
        }

        StrategyReport run() {
            collectSyntaxErrors();
            boolean syntaxOk = errors.isEmpty();
            scanModule(python.root());
            List<ClassDef> strategies = strategyClasses();
            List<String> strategyNames = strategies.stream().map(ClassDef::name).toList();

            if (strategies.isEmpty()) {
                if (syntaxOk) {
                    String found = classes.isEmpty() ? "no class at all"
                            : "classes " + String.join(", ", classes.stream().map(ClassDef::name).toList())
                                    + ", none of which derives from IStrategy";
                    error("no_strategy_class", "No strategy class found: a strategy must define a class deriving"
                            + " from IStrategy (from freqtrade.strategy import IStrategy); found " + found + ".", 1, 1);
                }
                return report(null, null, strategyNames, List.of(), List.of(), false, false);
            }
            if (strategies.size() > 1 && syntaxOk) {
                ClassDef second = strategies.get(1);
                error("multiple_strategy_classes", "The file defines " + strategies.size() + " strategy classes ("
                        + String.join(", ", strategyNames) + "); a stored strategy file must define exactly one.",
                        second.node());
            }

            ClassDef strategy = strategies.get(0);
            List<ClassDef> lineage = lineage(strategy);
            List<Members> members = lineage.stream().map(c -> members(c.body())).toList();

            Map<String, Assignment> attributes = new HashMap<>();
            Set<String> properties = new HashSet<>();
            Map<String, TSNode> methods = new LinkedHashMap<>();
            for (int i = members.size() - 1; i >= 0; i--) { // bases first, subclass overrides
                Members m = members.get(i);
                for (Assignment a : m.assignments) {
                    attributes.put(a.name(), a);
                }
                properties.addAll(m.properties);
                methods.putAll(m.methods);
            }
            Set<String> methodSet = new java.util.LinkedHashSet<>();
            for (Members m : members) {
                methodSet.addAll(m.methods.keySet());
            }
            List<String> methodNames = new ArrayList<>(methodSet);

            boolean startCalled = lineage.stream().anyMatch(c -> callsFreqaiStart(c.body()));
            boolean freqai = startCalled || methods.containsKey("set_freqai_targets")
                    || methods.containsKey("populate_any_indicators")
                    || methods.keySet().stream().anyMatch(n -> n.startsWith("feature_engineering_"));

            List<Parameter> parameters = parameters(members, syntaxOk);
            StrategyFacts facts = facts(attributes);

            if (syntaxOk) {
                checkAttributes(strategy, attributes, properties, facts);
                checkMethods(strategy, methods, facts);
                if (freqai) {
                    checkFreqai(strategy, methods, attributes, startCalled);
                }
            }
            return report(strategy, facts, strategyNames, methodNames, parameters, true, freqai);
        }

        private StrategyReport report(ClassDef strategy, StrategyFacts facts, List<String> strategyNames,
                                      List<String> methodNames, List<Parameter> parameters, boolean found,
                                      boolean freqai) {
            Comparator<Finding> order = Comparator.comparingInt(Finding::line).thenComparingInt(Finding::column);
            List<Finding> sortedErrors = new ArrayList<>(errors);
            sortedErrors.sort(order);
            List<Finding> sortedWarnings = new ArrayList<>(warnings);
            sortedWarnings.sort(order);
            if (!found) {
                return new StrategyReport(sortedErrors.isEmpty(), sortedErrors, sortedWarnings, null, null,
                        strategyNames, null, null, false, null, null, null, null, false, List.of(), List.of());
            }
            return new StrategyReport(sortedErrors.isEmpty(), sortedErrors, sortedWarnings,
                    strategy.name(), python.line(strategy.node()), strategyNames,
                    facts.interfaceVersion, facts.timeframe, facts.minimalRoiPresent, facts.minimalRoi,
                    facts.stoploss, facts.canShort, facts.startupCandleCount, freqai, methodNames, parameters);
        }

        // ---------------------------------------------------------------- syntax

        private void collectSyntaxErrors() {
            TSNode root = python.root();
            if (root.hasError()) {
                int reported = 0;
                List<TSNode> stack = new ArrayList<>();
                stack.add(root);
                while (!stack.isEmpty()) {
                    tick();
                    TSNode node = stack.remove(stack.size() - 1);
                    boolean missing = node.isMissing();
                    boolean error = !missing && node.isError() && !hasNestedError(node);
                    if ((missing || error) && reported == MAX_SYNTAX_ERRORS) {
                        Finding last = errors.get(errors.size() - 1);
                        errors.add(new Finding("syntax_error", "Further syntax errors are not listed.",
                                last.line(), last.column()));
                        break;
                    }
                    if (missing) {
                        reported++;
                        error("syntax_error", "Syntax error: missing " + describeMissing(node) + ".", node);
                    } else if (error) {
                        reported++;
                        TSNode at = offendingToken(node);
                        error("syntax_error", "Syntax error: invalid syntax at " + excerpt(at, node) + ".", at);
                    } else if (node.hasError()) {
                        List<TSNode> children = python.children(node);
                        for (int i = children.size() - 1; i >= 0; i--) {
                            TSNode child = children.get(i);
                            if (child.hasError() || child.isMissing()) {
                                stack.add(child);
                            }
                        }
                    }
                }
            }
            List<TSQueryCapture[]> matches = python.matches(Queries.SCAN, root, deadline);
            if (matches == null) {
                throw new DeadlineExceeded();
            }
            for (TSQueryCapture[] match : matches) {
                tick();
                String object = null;
                String attribute = null;
                String method = null;
                TSNode methodNode = null;
                for (TSQueryCapture capture : match) {
                    String name = Queries.SCAN.getCaptureNameForId(capture.getIndex());
                    TSNode node = capture.getNode();
                    switch (name) {
                        case "py2statement" -> {
                            String keyword = node.getType().startsWith("print") ? "print" : "exec";
                            error("syntax_error", "Syntax error: Python 2 '" + keyword + "' statement; in Python 3 "
                                    + keyword + " is a function (" + keyword + "(...)).", node);
                        }
                        case "object" -> object = python.text(node);
                        case "attribute" -> attribute = python.text(node);
                        case "method" -> {
                            method = python.text(node);
                            methodNode = node;
                        }
                        default -> {
                        }
                    }
                }
                if ("self".equals(object) && "freqai".equals(attribute) && "start".equals(method)) {
                    freqaiStartCalls.add(methodNode.getStartByte());
                }
            }
        }

        private String describeMissing(TSNode node) {
            String type = node.getType();
            if (type.isEmpty()) {
                return "token";
            }
            boolean word = Character.isLetter(type.charAt(0)) || type.charAt(0) == '_';
            return word && node.isNamed() ? type.replace('_', ' ') : "'" + type + "'";
        }

        private boolean hasNestedError(TSNode error) {
            for (TSNode child : python.children(error)) {
                if (child.hasError() || child.isMissing()) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Where an innermost ERROR node went wrong: tree-sitter may keep complete statements that
         * precede the offending input as the node's first children; the first child that is not
         * such a statement is where the parser got stuck.
         */
        private TSNode offendingToken(TSNode error) {
            for (TSNode child : python.children(error)) {
                String type = child.getType();
                boolean completeStatement = !child.hasError() && (type.endsWith("_statement")
                        || type.equals("function_definition") || type.equals("class_definition")
                        || type.equals("decorated_definition") || type.equals("comment"));
                if (!completeStatement) {
                    return child;
                }
            }
            return error;
        }

        private String excerpt(TSNode from, TSNode error) {
            int start = from.getStartByte() / 2;
            int end = Math.max(start, error.getEndByte() / 2);
            String text = python.text().substring(start, end).strip();
            int newline = text.indexOf('\n');
            if (newline >= 0) {
                text = text.substring(0, newline).strip();
            }
            if (text.isEmpty()) {
                return "this position";
            }
            if (text.codePointCount(0, text.length()) > 40) {
                text = text.substring(0, text.offsetByCodePoints(0, 40)) + "…";
            }
            return "'" + text + "'";
        }

        // ---------------------------------------------------------------- module

        void scanModule(TSNode block) {
            for (PythonSource.Child child : python.namedChildren(block)) {
                tick();
                TSNode node = child.node();
                switch (node.getType()) {
                    case "class_definition" -> addClass(node);
                    case "decorated_definition" -> {
                        TSNode definition = PythonSource.field(node, "definition");
                        if (definition != null && definition.getType().equals("class_definition")) {
                            addClass(definition);
                        }
                    }
                    case "import_from_statement" -> recordImports(node);
                    case "ERROR" -> scanModule(node);
                    case "if_statement", "try_statement", "with_statement", "block", "else_clause",
                         "elif_clause", "except_clause", "except_group_clause", "finally_clause" -> scanModule(node);
                    default -> {
                    }
                }
            }
        }

        private void recordImports(TSNode statement) {
            for (PythonSource.Child child : python.namedChildren(statement)) {
                if (!"name".equals(child.field())) {
                    continue;
                }
                TSNode node = child.node();
                if (node.getType().equals("aliased_import")) {
                    TSNode name = PythonSource.field(node, "name");
                    TSNode alias = PythonSource.field(node, "alias");
                    if (name != null && alias != null) {
                        importedAs.put(python.text(alias), lastComponent(python.text(name)));
                    }
                }
            }
        }

        private static String lastComponent(String dotted) {
            int dot = dotted.lastIndexOf('.');
            return (dot < 0 ? dotted : dotted.substring(dot + 1)).strip();
        }

        private void addClass(TSNode node) {
            TSNode name = PythonSource.field(node, "name");
            TSNode body = PythonSource.field(node, "body");
            if (name == null || name.isMissing()) {
                return;
            }
            List<TSNode> bases = new ArrayList<>();
            TSNode superclasses = PythonSource.field(node, "superclasses");
            if (superclasses != null) {
                for (PythonSource.Child base : python.namedChildren(superclasses)) {
                    String type = base.node().getType();
                    if (type.equals("identifier") || type.equals("attribute")) {
                        bases.add(base.node());
                    }
                }
            }
            classes.add(new ClassDef(python.text(name), node, bases, body));
        }

        /** The name a base-class or callee expression refers to (aliases resolved, last attribute). */
        private String referencedName(TSNode expression) {
            if (expression == null) {
                return "";
            }
            if (expression.getType().equals("identifier")) {
                String local = python.text(expression);
                return importedAs.getOrDefault(local, local);
            }
            if (expression.getType().equals("attribute")) {
                TSNode attribute = PythonSource.field(expression, "attribute");
                return attribute == null ? "" : python.text(attribute);
            }
            return "";
        }

        /** Classes deriving from IStrategy directly or through other classes of this file, in source order. */
        List<ClassDef> strategyClasses() {
            Set<String> strategyNames = new HashSet<>();
            boolean changed = true;
            while (changed) {
                changed = false;
                for (ClassDef c : classes) {
                    if (strategyNames.contains(c.name())) {
                        continue;
                    }
                    for (TSNode base : c.bases()) {
                        String name = referencedName(base);
                        boolean local = base.getType().equals("identifier") && strategyNames.contains(python.text(base));
                        if (name.equals("IStrategy") || local) {
                            strategyNames.add(c.name());
                            changed = true;
                            break;
                        }
                    }
                }
            }
            List<ClassDef> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (ClassDef c : classes) {
                if (strategyNames.contains(c.name()) && seen.add(c.name())) {
                    out.add(c);
                }
            }
            return out;
        }

        /** The class followed by its bases defined in this file (depth first, like a simple MRO). */
        private List<ClassDef> lineage(ClassDef start) {
            Map<String, ClassDef> byName = new HashMap<>();
            for (ClassDef c : classes) {
                byName.putIfAbsent(c.name(), c);
            }
            List<ClassDef> out = new ArrayList<>();
            List<ClassDef> stack = new ArrayList<>();
            stack.add(start);
            Set<String> seen = new HashSet<>();
            while (!stack.isEmpty()) {
                ClassDef c = stack.remove(stack.size() - 1);
                if (!seen.add(c.name())) {
                    continue;
                }
                out.add(c);
                List<TSNode> bases = c.bases();
                for (int i = bases.size() - 1; i >= 0; i--) {
                    TSNode base = bases.get(i);
                    if (base.getType().equals("identifier")) {
                        ClassDef parent = byName.get(python.text(base));
                        if (parent != null && parent.node().getStartByte() < c.node().getStartByte()) {
                            stack.add(parent);
                        }
                    }
                }
            }
            return out;
        }

        // ---------------------------------------------------------------- class body

        private Members members(TSNode body) {
            Members m = new Members();
            if (body == null) {
                return m;
            }
            for (PythonSource.Child child : python.namedChildren(body)) {
                tick();
                TSNode statement = child.node();
                switch (statement.getType()) {
                    case "expression_statement" -> {
                        for (PythonSource.Child expression : python.namedChildren(statement)) {
                            if (expression.node().getType().equals("assignment")) {
                                addAssignments(m, expression.node());
                            }
                        }
                    }
                    case "function_definition" -> addMethod(m, statement, false);
                    case "decorated_definition" -> {
                        TSNode definition = PythonSource.field(statement, "definition");
                        if (definition != null && definition.getType().equals("function_definition")) {
                            addMethod(m, definition, isProperty(statement));
                        }
                    }
                    default -> {
                    }
                }
            }
            return m;
        }

        private void addAssignments(Members m, TSNode assignment) {
            List<TSNode> targets = new ArrayList<>();
            TSNode current = assignment;
            TSNode value = null;
            int guard = 0;
            while (current != null && current.getType().equals("assignment") && guard++ < 1000) {
                TSNode left = PythonSource.field(current, "left");
                if (left != null) {
                    targets.add(left);
                }
                value = PythonSource.field(current, "right");
                current = value;
            }
            for (TSNode target : targets) {
                if (target.getType().equals("identifier")) {
                    m.assignments.add(new Assignment(python.text(target), target, value));
                }
            }
        }

        private void addMethod(Members m, TSNode function, boolean property) {
            TSNode name = PythonSource.field(function, "name");
            if (name == null) {
                return;
            }
            String methodName = python.text(name);
            m.methods.put(methodName, function);
            if (property) {
                m.properties.add(methodName);
            }
        }

        private boolean isProperty(TSNode decorated) {
            for (PythonSource.Child child : python.namedChildren(decorated)) {
                if (child.node().getType().equals("decorator")) {
                    for (PythonSource.Child expression : python.namedChildren(child.node())) {
                        if (referencedName(expression.node()).equals("property")) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private boolean callsFreqaiStart(TSNode body) {
            if (body == null) {
                return false;
            }
            int from = body.getStartByte();
            int to = body.getEndByte();
            return freqaiStartCalls.stream().anyMatch(offset -> offset >= from && offset < to);
        }

        // ---------------------------------------------------------------- attributes

        private static final class StrategyFacts {
            Integer interfaceVersion;
            String timeframe;
            boolean minimalRoiPresent;
            Map<String, Double> minimalRoi;
            Double stoploss;
            Boolean canShort;
            Integer startupCandleCount;
        }

        private StrategyFacts facts(Map<String, Assignment> attributes) {
            StrategyFacts f = new StrategyFacts();
            f.interfaceVersion = intValue(attributes.get("INTERFACE_VERSION"));
            f.timeframe = valueOf(attributes.get("timeframe")) instanceof String s ? s : null;
            Assignment roi = attributes.get("minimal_roi");
            f.minimalRoiPresent = roi != null;
            if (roi != null && literals.eval(roi.value()) instanceof Map<?, ?> map) {
                Map<String, Double> parsed = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    Double value = number(e.getValue());
                    Object key = e.getKey();
                    if (value == null || !(key instanceof String || key instanceof Long)) {
                        parsed = null;
                        break;
                    }
                    parsed.put(String.valueOf(key), value);
                }
                f.minimalRoi = parsed;
            }
            f.stoploss = number(valueOf(attributes.get("stoploss")));
            f.canShort = valueOf(attributes.get("can_short")) instanceof Boolean b ? b : null;
            f.startupCandleCount = intValue(attributes.get("startup_candle_count"));
            return f;
        }

        private Object valueOf(Assignment assignment) {
            return assignment == null ? PythonLiterals.UNKNOWN : literals.eval(assignment.value());
        }

        private Integer intValue(Assignment assignment) {
            Object value = valueOf(assignment);
            if (value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return l.intValue();
            }
            return null;
        }

        private static Double number(Object value) {
            if (value instanceof Long l) {
                return l.doubleValue();
            }
            if (value instanceof Double d) {
                return d;
            }
            return null;
        }

        private void checkAttributes(ClassDef strategy, Map<String, Assignment> attributes, Set<String> properties,
                                     StrategyFacts facts) {
            String cls = strategy.name();
            Assignment version = attributes.get("INTERFACE_VERSION");
            if (version == null) {
                warning("missing_interface_version", cls + " does not set INTERFACE_VERSION; Freqtrade assumes"
                        + " the current interface (INTERFACE_VERSION = 3).", strategy.node());
            } else if (facts.interfaceVersion != null && facts.interfaceVersion != 3) {
                warning("unsupported_interface_version", "INTERFACE_VERSION = " + facts.interfaceVersion
                        + "; the current strategy interface is version 3.", version.target());
            }

            Assignment timeframe = attributes.get("timeframe");
            if (timeframe == null && !properties.contains("timeframe")) {
                warning("missing_timeframe", cls + " does not set timeframe; the bot configuration must then"
                        + " provide 'timeframe'.", strategy.node());
            } else if (timeframe != null && facts.timeframe != null && !isTimeframe(facts.timeframe)) {
                warning("invalid_timeframe", "timeframe '" + facts.timeframe + "' is not a timeframe like"
                        + " '5m', '1h' or '1d'.", timeframe.value());
            }

            Assignment roi = attributes.get("minimal_roi");
            if (roi == null && !properties.contains("minimal_roi")) {
                warning("missing_minimal_roi", cls + " does not set minimal_roi; Freqtrade uses {\"0\": 10.0}"
                        + " unless the configuration provides one.", strategy.node());
            } else if (roi != null && facts.minimalRoi != null) {
                for (String key : facts.minimalRoi.keySet()) {
                    if (!isInteger(key)) {
                        warning("invalid_minimal_roi", "minimal_roi key '" + key + "' is not a number of minutes.",
                                roi.value());
                    }
                }
            }

            Assignment stoploss = attributes.get("stoploss");
            if (stoploss == null && !properties.contains("stoploss")) {
                warning("missing_stoploss", cls + " does not set stoploss; the bot configuration must then"
                        + " provide 'stoploss'.", strategy.node());
            } else if (stoploss != null && facts.stoploss != null && !(facts.stoploss < 0)) {
                error("invalid_stoploss", "stoploss must be a negative ratio (e.g. -0.10 for -10%), got "
                        + python.text(stoploss.value()) + ".", stoploss.value());
            }

            Assignment canShort = attributes.get("can_short");
            if (canShort != null && Boolean.TRUE.equals(facts.canShort)) {
                warning("can_short_requires_futures", "can_short = True: the strategy only loads with"
                        + " trading_mode 'futures' or 'margin' (loading fails in spot).", canShort.target());
            }

            for (Map.Entry<String, String> e : DEPRECATED_ATTRIBUTES.entrySet()) {
                Assignment old = attributes.get(e.getKey());
                if (old != null) {
                    warning("deprecated_attribute", e.getKey() + " is deprecated (interface v2); use "
                            + e.getValue() + " instead.", old.target());
                }
            }
        }

        private static boolean isTimeframe(String value) {
            if (value.length() < 2 || !TIMEFRAME_UNITS.contains(value.substring(value.length() - 1))) {
                return false;
            }
            String digits = value.substring(0, value.length() - 1);
            return isInteger(digits) && !digits.startsWith("-") && Long.parseLong(digits) > 0;
        }

        private static boolean isInteger(String s) {
            if (s.isEmpty() || s.length() > 18) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-' && s.length() > 1)) {
                    return false;
                }
            }
            return true;
        }

        // ---------------------------------------------------------------- methods

        private void checkMethods(ClassDef strategy, Map<String, TSNode> methods, StrategyFacts facts) {
            String cls = strategy.name();
            if (!methods.containsKey("populate_indicators")) {
                error("missing_method", cls + " does not implement populate_indicators(self, dataframe, metadata),"
                        + " which every strategy must implement.", strategy.node());
            }
            checkSignalPair(strategy, methods, facts, "populate_entry_trend", "populate_buy_trend");
            checkSignalPair(strategy, methods, facts, "populate_exit_trend", "populate_sell_trend");
            for (Map.Entry<String, String> e : DEPRECATED_METHODS.entrySet()) {
                TSNode method = methods.get(e.getKey());
                if (method != null) {
                    warning("deprecated_method", e.getKey() + " is deprecated (interface v2); rename it to "
                            + e.getValue() + ". Freqtrade refuses it in futures/margin mode.", nameOf(method));
                }
            }
            for (String name : SIGNAL_METHODS) {
                TSNode method = methods.get(name);
                if (method != null) {
                    checkSignature(name, method);
                }
            }
        }

        private void checkSignalPair(ClassDef strategy, Map<String, TSNode> methods, StrategyFacts facts,
                                     String current, String legacy) {
            TSNode currentMethod = methods.get(current);
            TSNode legacyMethod = methods.get(legacy);
            if (currentMethod == null && legacyMethod == null) {
                error("missing_method", strategy.name() + " does not implement " + current
                        + "(self, dataframe, metadata) (or its deprecated predecessor " + legacy + ").",
                        strategy.node());
                return;
            }
            if (legacyMethod == null) {
                return;
            }
            if (currentMethod != null) {
                warning("deprecated_method", legacy + " is deprecated and is never called because " + current
                        + " is also defined; remove it.", nameOf(legacyMethod));
            } else {
                warning("deprecated_method", legacy + " is deprecated (interface v2); rename it to " + current
                        + ". It is only accepted in spot mode.", nameOf(legacyMethod));
                if (Boolean.TRUE.equals(facts.canShort)) {
                    error("missing_method", strategy.name() + " sets can_short = True (futures/margin), where "
                            + current + " is mandatory; " + legacy + " is not accepted there.", nameOf(legacyMethod));
                }
            }
        }

        private TSNode nameOf(TSNode function) {
            TSNode name = PythonSource.field(function, "name");
            return name == null ? function : name;
        }

        /** Freqtrade rejects interface-v1 signatures: two positional arguments (self, dataframe). */
        private void checkSignature(String name, TSNode function) {
            TSNode parameters = PythonSource.field(function, "parameters");
            if (parameters == null) {
                return;
            }
            int positional = 0;
            boolean varargs = false;
            boolean keywordOnly = false;
            for (PythonSource.Child child : python.namedChildren(parameters)) {
                switch (child.node().getType()) {
                    case "identifier", "typed_parameter", "default_parameter", "typed_default_parameter" -> {
                        if (child.node().getType().equals("typed_parameter") && isSplat(child.node())) {
                            varargs |= isListSplat(child.node());
                            keywordOnly = true;
                        } else if (!keywordOnly) {
                            positional++;
                        }
                    }
                    case "list_splat_pattern" -> {
                        varargs = true;
                        keywordOnly = true;
                    }
                    case "keyword_separator" -> keywordOnly = true;
                    default -> {
                    }
                }
            }
            if (positional == 2) {
                error("invalid_method_signature", name + " takes (self, dataframe): strategy interface v1 is no"
                        + " longer supported; use " + name + "(self, dataframe, metadata).", nameOf(function));
            } else if (positional < 2 && !varargs) {
                error("invalid_method_signature", name + " must accept (self, dataframe, metadata).",
                        nameOf(function));
            }
        }

        private boolean isSplat(TSNode typedParameter) {
            for (PythonSource.Child child : python.namedChildren(typedParameter)) {
                String type = child.node().getType();
                if (type.equals("list_splat_pattern") || type.equals("dictionary_splat_pattern")) {
                    return true;
                }
            }
            return false;
        }

        private boolean isListSplat(TSNode typedParameter) {
            for (PythonSource.Child child : python.namedChildren(typedParameter)) {
                if (child.node().getType().equals("list_splat_pattern")) {
                    return true;
                }
            }
            return false;
        }

        // ---------------------------------------------------------------- FreqAI

        private void checkFreqai(ClassDef strategy, Map<String, TSNode> methods, Map<String, Assignment> attributes,
                                 boolean startCalled) {
            String cls = strategy.name();
            if (!methods.containsKey("set_freqai_targets")) {
                error("freqai_missing_method", cls + " uses FreqAI but does not implement"
                        + " set_freqai_targets(self, dataframe, metadata, **kwargs), which must create the"
                        + " '&'-prefixed target columns.", strategy.node());
            }
            if (FEATURE_ENGINEERING_METHODS.stream().noneMatch(methods::containsKey)) {
                error("freqai_missing_method", cls + " uses FreqAI but implements none of "
                        + String.join(", ", FEATURE_ENGINEERING_METHODS)
                        + "; at least one must create the '%'-prefixed feature columns.", strategy.node());
            }
            if (!startCalled) {
                warning("freqai_start_not_called", cls + " defines FreqAI hooks but never calls"
                        + " self.freqai.start(dataframe, metadata, self) (normally in populate_indicators),"
                        + " so no predictions reach the strategy.", strategy.node());
            }
            TSNode legacy = methods.get("populate_any_indicators");
            if (legacy != null) {
                error("deprecated_method", "populate_any_indicators is no longer supported by FreqAI; move"
                        + " features to feature_engineering_* and targets to set_freqai_targets.", nameOf(legacy));
            }
            Assignment processOnlyNew = attributes.get("process_only_new_candles");
            if (processOnlyNew != null && Boolean.FALSE.equals(literals.eval(processOnlyNew.value()))) {
                error("freqai_process_only_new_candles", "FreqAI strategies must keep"
                        + " process_only_new_candles = True; live/dry-run aborts otherwise.", processOnlyNew.target());
            }
        }

        // ---------------------------------------------------------------- hyperopt parameters

        private List<Parameter> parameters(List<Members> members, boolean report) {
            List<Parameter> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Members m : members) { // subclass first: its definitions win
                Map<String, Assignment> last = new LinkedHashMap<>();
                for (Assignment a : m.assignments) {
                    last.remove(a.name());
                    last.put(a.name(), a);
                }
                List<Assignment> ordered = new ArrayList<>(last.values());
                ordered.sort(Comparator.comparingInt(a -> a.target().getStartByte()));
                for (Assignment a : ordered) {
                    tick();
                    if (!seen.add(a.name())) {
                        continue;
                    }
                    Parameter p = parameter(a, report);
                    if (p != null) {
                        out.add(p);
                    }
                }
            }
            return out;
        }

        private Parameter parameter(Assignment assignment, boolean report) {
            TSNode call = assignment.value();
            if (call == null || !call.getType().equals("call")) {
                return null;
            }
            String type = referencedName(PythonSource.field(call, "function"));
            if (!PARAMETER_TYPES.contains(type)) {
                return null;
            }
            String name = assignment.name();
            List<TSNode> positional = new ArrayList<>();
            Map<String, TSNode> keywords = new LinkedHashMap<>();
            boolean splat = false;
            TSNode arguments = PythonSource.field(call, "arguments");
            if (arguments != null) {
                for (PythonSource.Child child : python.namedChildren(arguments)) {
                    TSNode arg = child.node();
                    switch (arg.getType()) {
                        case "keyword_argument" -> {
                            TSNode key = PythonSource.field(arg, "name");
                            TSNode value = PythonSource.field(arg, "value");
                            if (key != null && value != null) {
                                keywords.put(python.text(key), value);
                            }
                        }
                        case "list_splat", "dictionary_splat" -> splat = true;
                        case "comment" -> {
                        }
                        default -> positional.add(arg);
                    }
                }
            }
            Problems problems = new Problems(report, assignment.target(), name, type);

            String space = null;
            TSNode spaceArg = keywords.get("space");
            if (spaceArg != null) {
                Object value = literals.eval(spaceArg);
                space = value == PythonLiterals.NONE ? null : renderArgument(spaceArg);
            }
            String prefix = SPACE_PREFIXES.stream().filter(p -> name.startsWith(p + "_")).findFirst().orElse(null);
            if (space == null) {
                space = prefix;
                if (space == null && report) {
                    warning("parameter_without_space", name + " has no space= and its name does not start with"
                            + " buy_, sell_ or protection_; Freqtrade's hyperopt will not detect it.", assignment.target());
                }
            } else if (prefix != null && !prefix.equals(space) && SPACE_PREFIXES.contains(space)) {
                problems.add("Inconclusive parameter name " + name + ", category: " + space
                        + " (Freqtrade refuses a " + prefix + "_ name in another space).");
            }
            if (keywords.containsKey("name")) {
                problems.add("the parameter name is taken from the attribute and cannot be given with name=.");
            }

            String defaultValue = keywords.containsKey("default") ? renderArgument(keywords.get("default")) : null;
            boolean optimize = !(keywords.containsKey("optimize")
                    && Boolean.FALSE.equals(literals.eval(keywords.get("optimize"))));
            String low = null;
            String high = null;
            List<String> options = null;

            switch (type) {
                case "IntParameter", "DecimalParameter", "RealParameter" -> {
                    if (positional.size() > 2) {
                        problems.add("takes at most 2 positional arguments (low, high); default= and the"
                                + " other options are keyword-only.");
                    }
                    TSNode lowArg = positional.size() > 0 ? positional.get(0) : keywords.get("low");
                    TSNode highArg = positional.size() > 1 ? positional.get(1) : keywords.get("high");
                    if (highArg != null && literals.eval(highArg) == PythonLiterals.NONE) {
                        highArg = null;
                    }
                    if (lowArg == null) {
                        if (!splat) {
                            problems.add("missing the lower bound (low).");
                        }
                    } else if (isSequence(lowArg)) {
                        List<PythonSource.Child> bounds = python.namedChildren(lowArg);
                        if (highArg != null) {
                            problems.add("space invalid: give either [low, high] or low and high.");
                            low = python.text(lowArg);
                            high = renderArgument(highArg);
                        } else if (bounds.size() != 2) {
                            problems.add("space must be [low, high].");
                        } else {
                            low = renderArgument(bounds.get(0).node());
                            high = renderArgument(bounds.get(1).node());
                        }
                    } else {
                        low = renderArgument(lowArg);
                        if (highArg != null) {
                            high = renderArgument(highArg);
                        } else if (!splat && !(literals.eval(lowArg) == PythonLiterals.UNKNOWN)) {
                            problems.add("space must be [low, high]: the upper bound (high) is missing.");
                        }
                    }
                    if (defaultValue == null && !splat) {
                        problems.add("missing the required keyword argument default=.");
                    }
                }
                case "CategoricalParameter" -> {
                    if (positional.size() > 1) {
                        problems.add("takes 1 positional argument (categories); default= and the other"
                                + " options are keyword-only.");
                    }
                    TSNode categories = positional.size() > 0 ? positional.get(0) : keywords.get("categories");
                    if (categories == null) {
                        if (!splat) {
                            problems.add("missing the categories list.");
                        }
                    } else if (isSequence(categories)) {
                        options = new ArrayList<>();
                        for (PythonSource.Child element : python.namedChildren(categories)) {
                            options.add(renderArgument(element.node()));
                        }
                        if (options.size() < 2) {
                            problems.add("CategoricalParameter space must be [a, b, ...] (at least two"
                                    + " categories).");
                        }
                    }
                }
                case "BooleanParameter" -> {
                    if (!positional.isEmpty()) {
                        problems.add("takes no positional arguments; use default=True or default=False.");
                    }
                    options = List.of("True", "False");
                }
                default -> {
                }
            }
            return new Parameter(name, type, space, defaultValue, low, high, options, optimize);
        }

        /** Collects the problems of one parameter into a single error finding. */
        private final class Problems {
            private final boolean report;
            private final TSNode at;
            private final String name;
            private final String type;

            Problems(boolean report, TSNode at, String name, String type) {
                this.report = report;
                this.at = at;
                this.name = name;
                this.type = type;
            }

            void add(String message) {
                if (report) {
                    error("invalid_parameter", name + " = " + type + "(...): " + message, at);
                }
            }
        }

        private boolean isSequence(TSNode node) {
            String type = node.getType();
            return type.equals("list") || type.equals("tuple");
        }

        private String renderArgument(TSNode node) {
            Object value = literals.eval(node);
            if (value instanceof String s) {
                return s;
            }
            return python.text(node);
        }

        // ---------------------------------------------------------------- findings

        private void error(String code, String message, TSNode at) {
            errors.add(new Finding(code, message, python.line(at), python.column(at)));
        }

        private void error(String code, String message, int line, int column) {
            errors.add(new Finding(code, message, line, column));
        }

        private void warning(String code, String message, TSNode at) {
            warnings.add(new Finding(code, message, python.line(at), python.column(at)));
        }
    }
}
