package io.ftfleet.strategy;

import java.util.List;
import java.util.Map;

/**
 * Result of a static analysis of a Freqtrade strategy source file.
 *
 * <p>All lists are immutable and never {@code null}. Values that could not be determined
 * statically (not present, or not a literal) are {@code null}.
 *
 * @param valid              {@code true} when {@link #errors()} is empty
 * @param errors             problems that make Freqtrade refuse (or certainly fail) to load the strategy
 * @param warnings           problems that do not prevent loading (deprecations, values expected from the config, ...)
 * @param className          the strategy's identity (the class name Freqtrade resolves by), or {@code null}
 * @param classLine          1-based line of the {@code class} keyword of that class, or {@code null}
 * @param strategyClasses    names of all classes in the file that derive from {@code IStrategy}, in source order
 * @param interfaceVersion   {@code INTERFACE_VERSION} when it is an int literal
 * @param timeframe          {@code timeframe} when it is a string literal
 * @param minimalRoiPresent  whether {@code minimal_roi} is defined at all
 * @param minimalRoi         {@code minimal_roi} when every key and value is a literal (insertion order kept)
 * @param stoploss           {@code stoploss} when it is a numeric literal
 * @param canShort           {@code can_short} when it is a boolean literal
 * @param startupCandleCount {@code startup_candle_count} when it is an int literal
 * @param freqai             whether the strategy uses FreqAI
 * @param methods            names of the methods defined in the strategy class (and its in-file base classes)
 * @param parameters         hyperoptable parameters declared as class attributes, in source order
 */
public record StrategyReport(
        boolean valid,
        List<Finding> errors,
        List<Finding> warnings,
        String className,
        Integer classLine,
        List<String> strategyClasses,
        Integer interfaceVersion,
        String timeframe,
        boolean minimalRoiPresent,
        Map<String, Double> minimalRoi,
        Double stoploss,
        Boolean canShort,
        Integer startupCandleCount,
        boolean freqai,
        List<String> methods,
        List<Parameter> parameters) {

    public StrategyReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        strategyClasses = List.copyOf(strategyClasses);
        methods = List.copyOf(methods);
        parameters = List.copyOf(parameters);
        minimalRoi = minimalRoi == null ? null
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(minimalRoi));
    }

    /**
     * One problem found in the source.
     *
     * @param code    stable machine-readable code, e.g. {@code syntax_error}, {@code missing_method}
     * @param message human readable explanation
     * @param line    1-based line
     * @param column  1-based column, counted in Unicode code points
     */
    public record Finding(String code, String message, int line, int column) {
    }

    /**
     * A hyperoptable parameter ({@code IntParameter}, {@code DecimalParameter}, {@code RealParameter},
     * {@code CategoricalParameter}, {@code BooleanParameter}).
     *
     * <p>Values are rendered as strings: string literals without their quotes, anything else as
     * written in the source ({@code "0.05"}, {@code "-3"}, {@code "True"}).
     *
     * @param name         attribute name
     * @param type         parameter class name, e.g. {@code IntParameter}
     * @param space        {@code space=} argument, else inferred from a {@code buy_}/{@code sell_}/{@code protection_}
     *                     name prefix as Freqtrade does, else {@code null}
     * @param defaultValue {@code default=} argument, or {@code null} when absent
     * @param low          lower bound (numeric parameters), else {@code null}
     * @param high         upper bound (numeric parameters), else {@code null}
     * @param options      categories (categorical/boolean parameters) when given as a literal list, else {@code null}
     * @param optimize     {@code optimize=} argument (default {@code true})
     */
    public record Parameter(String name, String type, String space, String defaultValue,
                            String low, String high, List<String> options, boolean optimize) {
        public Parameter {
            options = options == null ? null : List.copyOf(options);
        }
    }
}
