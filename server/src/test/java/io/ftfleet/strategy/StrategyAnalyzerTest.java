package io.ftfleet.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ftfleet.strategy.StrategyReport.Finding;
import io.ftfleet.strategy.StrategyReport.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StrategyAnalyzerTest {

    private final StrategyAnalyzer analyzer = new StrategyAnalyzer();

    static String fixture(String name) {
        try (InputStream in = StrategyAnalyzerTest.class.getResourceAsStream("/strategies/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> codes(List<Finding> findings) {
        return findings.stream().map(Finding::code).toList();
    }

    private static final String MINIMAL = """
            from freqtrade.strategy import IStrategy
            from pandas import DataFrame


            class Minimal(IStrategy):
                INTERFACE_VERSION = 3
                timeframe = "5m"
                minimal_roi = {"0": 0.1}
                stoploss = -0.1

                def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                    return dataframe

                def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                    return dataframe

                def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                    return dataframe
            """;

    // ------------------------------------------------------------------ valid strategies

    @Test
    void acceptsSampleStrategyAndReportsItsSettings() {
        StrategyReport report = analyzer.analyze(fixture("SampleStrategy.py"));

        assertThat(report.valid()).isTrue();
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.className()).isEqualTo("SampleStrategy");
        assertThat(report.classLine()).isEqualTo(40);
        assertThat(report.strategyClasses()).containsExactly("SampleStrategy");
        assertThat(report.interfaceVersion()).isEqualTo(3);
        assertThat(report.timeframe()).isEqualTo("5m");
        assertThat(report.minimalRoiPresent()).isTrue();
        assertThat(report.minimalRoi()).containsExactly(
                Map.entry("60", 0.01), Map.entry("30", 0.02), Map.entry("0", 0.04));
        assertThat(report.stoploss()).isEqualTo(-0.10);
        assertThat(report.canShort()).isFalse();
        assertThat(report.startupCandleCount()).isEqualTo(200);
        assertThat(report.freqai()).isFalse();
        assertThat(report.methods()).containsExactly(
                "informative_pairs", "populate_indicators", "populate_entry_trend", "populate_exit_trend");
    }

    @Test
    void listsHyperoptableParametersWithSpaceAndDefault() {
        StrategyReport report = analyzer.analyze(fixture("SampleStrategy.py"));

        assertThat(report.parameters()).containsExactly(
                new Parameter("buy_rsi", "IntParameter", "buy", "30", "1", "50", null, true),
                new Parameter("sell_rsi", "IntParameter", "sell", "70", "50", "100", null, true),
                new Parameter("short_rsi", "IntParameter", "sell", "70", "51", "100", null, true),
                new Parameter("exit_short_rsi", "IntParameter", "buy", "30", "1", "50", null, true));
    }

    @Test
    void readsParameterArgumentsWithFreqtradeSignatures() {
        String source = """
                import freqtrade.strategy
                from freqtrade.strategy import IStrategy, IntParameter, DecimalParameter as Dec
                from freqtrade.strategy import RealParameter, CategoricalParameter, BooleanParameter


                class Params(IStrategy):
                    buy_period = IntParameter([5, 50], default=14)
                    sell_threshold = Dec(0.01, 0.20, decimals=2, default=0.05, space="sell")
                    protection_lookback = RealParameter(low=0.5, high=2.5, default=1.5, optimize=False)
                    buy_ma = CategoricalParameter(["ema", "sma", 'wma'], default="sma")
                    sell_enabled = freqtrade.strategy.BooleanParameter(default=True)
                    custom_len = freqtrade.strategy.IntParameter(1, 10, default=3, space="buy")
                    other_len = IntParameter(-5, -1, default=-2)
                    not_a_parameter = max(1, 2)
                """;

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.parameters()).containsExactly(
                new Parameter("buy_period", "IntParameter", "buy", "14", "5", "50", null, true),
                new Parameter("sell_threshold", "DecimalParameter", "sell", "0.05", "0.01", "0.20", null, true),
                new Parameter("protection_lookback", "RealParameter", "protection", "1.5", "0.5", "2.5", null, false),
                new Parameter("buy_ma", "CategoricalParameter", "buy", "sma", null, null,
                        List.of("ema", "sma", "wma"), true),
                new Parameter("sell_enabled", "BooleanParameter", "sell", "True", null, null,
                        List.of("True", "False"), true),
                new Parameter("custom_len", "IntParameter", "buy", "3", "1", "10", null, true),
                new Parameter("other_len", "IntParameter", null, "-2", "-5", "-1", null, true));
        assertThat(report.warnings()).extracting(Finding::code, Finding::line, Finding::column)
                .contains(tuple("parameter_without_space", 13, 5));
    }

    @Test
    void rejectsParametersFreqtradeWouldRefuseToLoad() {
        String source = """
                from freqtrade.strategy import IStrategy, IntParameter, CategoricalParameter, BooleanParameter


                class BadParams(IStrategy):
                    buy_a = IntParameter(1, 10, 5)
                    buy_b = IntParameter(1, 10)
                    buy_c = CategoricalParameter(["only"], default="only")
                    buy_d = IntParameter(1, 10, default=5, space="sell")
                    buy_e = BooleanParameter(True)
                    buy_f = IntParameter([1, 2, 3], default=2)
                """;

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.errors()).filteredOn(f -> f.code().equals("invalid_parameter"))
                .extracting(Finding::line, Finding::column)
                .containsExactly(tuple(5, 5), tuple(5, 5), tuple(6, 5), tuple(7, 5), tuple(8, 5), tuple(9, 5),
                        tuple(10, 5));
        assertThat(report.errors()).filteredOn(f -> f.line() == 8)
                .extracting(Finding::message)
                .containsExactly("buy_d = IntParameter(...): Inconclusive parameter name buy_d, category: sell"
                        + " (Freqtrade refuses a buy_ name in another space).");
        assertThat(report.parameters()).extracting(Parameter::name, Parameter::space)
                .containsExactly(tuple("buy_a", "buy"), tuple("buy_b", "buy"), tuple("buy_c", "buy"),
                        tuple("buy_d", "sell"), tuple("buy_e", "buy"), tuple("buy_f", "buy"));
    }

    @Test
    void acceptsAttributeFormOfIStrategyAndAliases() {
        assertThat(analyzer.analyze(MINIMAL.replace("(IStrategy)", "(interface.IStrategy)")).className())
                .isEqualTo("Minimal");
        assertThat(analyzer.analyze(MINIMAL.replace("(IStrategy)", "(freqtrade.strategy.IStrategy)")).valid())
                .isTrue();
        String aliased = MINIMAL.replace("import IStrategy", "import IStrategy as IS").replace("(IStrategy)", "(IS)");
        assertThat(analyzer.analyze(aliased).className()).isEqualTo("Minimal");
    }

    @Test
    void warnsAboutAnInterfaceVersionOtherThanThree() {
        StrategyReport report = analyzer.analyze(MINIMAL.replace("INTERFACE_VERSION = 3", "INTERFACE_VERSION = 7"));

        assertThat(report.interfaceVersion()).isEqualTo(7);
        assertThat(codes(report.warnings())).containsExactly("unsupported_interface_version");
        assertThat(report.warnings().get(0).line()).isEqualTo(6);
    }

    @Test
    void minimalStrategyIsValidWithoutFindings() {
        StrategyReport report = analyzer.analyze(MINIMAL);

        assertThat(report.valid()).isTrue();
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.className()).isEqualTo("Minimal");
        assertThat(report.classLine()).isEqualTo(5);
    }

    @Test
    void readsAnnotatedAndChainedClassAttributes() {
        String source = MINIMAL
                .replace("    timeframe = \"5m\"\n", "    timeframe: str = '1' 'h'\n")
                .replace("    stoploss = -0.1\n", "    stoploss = trailing_default = -0.25\n    can_short: bool = True\n"
                        + "    startup_candle_count = 1_000\n");

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.timeframe()).isEqualTo("1h");
        assertThat(report.stoploss()).isEqualTo(-0.25);
        assertThat(report.canShort()).isTrue();
        assertThat(report.startupCandleCount()).isEqualTo(1000);
        assertThat(report.valid()).isTrue();
        assertThat(codes(report.warnings())).containsExactly("can_short_requires_futures");
    }

    @Test
    void leavesNonLiteralValuesUnresolvedButPresent() {
        String source = MINIMAL
                .replace("minimal_roi = {\"0\": 0.1}", "minimal_roi = {str(i): 0.1 for i in range(3)}")
                .replace("stoploss = -0.1", "stoploss = -1 * RISK")
                .replace("INTERFACE_VERSION = 3", "INTERFACE_VERSION = VERSION");

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.minimalRoiPresent()).isTrue();
        assertThat(report.minimalRoi()).isNull();
        assertThat(report.stoploss()).isNull();
        assertThat(report.interfaceVersion()).isNull();
        assertThat(report.valid()).isTrue();
        assertThat(report.warnings()).isEmpty();
    }

    // ------------------------------------------------------------------ syntax errors

    @Test
    void reportsSyntaxErrorWithLineAndColumn() {
        String source = """
                from freqtrade.strategy import IStrategy

                values = {"a": 1}
                total = sum(values.values())  )
                """;

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.valid()).isFalse();
        assertThat(report.errors()).extracting(Finding::code, Finding::message, Finding::line, Finding::column)
                .containsExactly(tuple("syntax_error",
                        "Syntax error: invalid syntax at 'total = sum(values.values())  )'.", 4, 1));
    }

    @Test
    void reportsTheTokenWhereTheParserGotStuck() {
        String source = """
                from freqtrade.strategy import IStrategy


                class Broken(IStrategy):
                    timeframe = "5m"
                    stoploss = -0.1 +

                    def populate_indicators(self, dataframe, metadata):
                        return dataframe
                """;

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.errors()).extracting(Finding::code, Finding::message, Finding::line, Finding::column)
                .containsExactly(tuple("syntax_error", "Syntax error: invalid syntax at 'def'.", 8, 5));
        // the class is still identified inside the damaged tree
        assertThat(report.className()).isEqualTo("Broken");
        assertThat(report.classLine()).isEqualTo(4);
    }

    @Test
    void reportsMissingTokenWithItsPosition() {
        String source = "values = [(1, 2]\nflag = True\n";

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.errors()).extracting(Finding::code, Finding::message, Finding::line, Finding::column)
                .containsExactly(tuple("syntax_error", "Syntax error: missing ')'.", 1, 16));
    }

    @Test
    void reportsEverySyntaxErrorOfABrokenFile() {
        String source = fixture("BrokenSyntax.py");

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.valid()).isFalse();
        assertThat(codes(report.errors())).containsOnly("syntax_error");
        // the missing ':' after the signature of populate_indicators on line 9
        assertThat(report.errors().get(0)).extracting(Finding::line, Finding::column).containsExactly(9, 76);
        // the '(' that is never closed inside the brackets on line 14
        assertThat(report.errors()).extracting(Finding::line, Finding::column, Finding::message)
                .contains(tuple(14, 59, "Syntax error: missing ')'."));
        // semantic checks are not run on a tree with syntax errors
        assertThat(codes(report.errors())).doesNotContain("missing_method");
    }

    @Test
    void countsColumnsInCharactersNotBytes() {
        String source = "name = 'äöü😀'  )\n";

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.errors()).extracting(Finding::line, Finding::column).containsExactly(tuple(1, 16));
    }

    @Test
    void flagsPython2PrintStatementAsSyntaxError() {
        String source = MINIMAL.replace("        return dataframe\n\n    def populate_entry_trend",
                "        print \"hello\"\n        return dataframe\n\n    def populate_entry_trend");

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.errors()).extracting(Finding::code, Finding::line, Finding::column)
                .containsExactly(tuple("syntax_error", 12, 9));
        assertThat(analyzer.analyze(MINIMAL.replace("return dataframe\n\n    def populate_entry_trend",
                "print(\"hello\")\n        return dataframe\n\n    def populate_entry_trend")).valid()).isTrue();
    }

    @Test
    void acceptsCrlfLineEndingsAndByteOrderMark() {
        StrategyReport crlf = analyzer.analyze(MINIMAL.replace("\n", "\r\n"));
        assertThat(crlf.valid()).isTrue();
        assertThat(crlf.classLine()).isEqualTo(5);

        StrategyReport bom = analyzer.analyze("\uFEFF" + MINIMAL);
        assertThat(bom.valid()).isTrue();
        assertThat(bom.className()).isEqualTo("Minimal");
    }

    // ------------------------------------------------------------------ structure

    @Test
    void reportsMissingStrategyClass() {
        StrategyReport report = analyzer.analyze("class Helper:\n    pass\n\n\ndef main():\n    return 1\n");

        assertThat(report.valid()).isFalse();
        assertThat(report.className()).isNull();
        assertThat(report.errors()).extracting(Finding::code, Finding::line, Finding::column)
                .containsExactly(tuple("no_strategy_class", 1, 1));
        assertThat(report.errors().get(0).message()).contains("Helper");
    }

    @Test
    void ignoresClassesThatOnlyImportIStrategySubclasses() {
        String source = "from user_data.strategies.base import BaseStrategy\n\n\nclass Derived(BaseStrategy):\n    pass\n";

        StrategyReport report = analyzer.analyze(source);

        assertThat(codes(report.errors())).containsExactly("no_strategy_class");
    }

    @Test
    void reportsMultipleStrategyClassesIncludingInFileSubclasses() {
        StrategyReport report = analyzer.analyze(fixture("MultipleStrategies.py"));

        assertThat(report.valid()).isFalse();
        assertThat(report.strategyClasses()).containsExactly("TrendBase", "TrendShort");
        assertThat(report.className()).isEqualTo("TrendBase");
        assertThat(report.errors()).extracting(Finding::code, Finding::line, Finding::column)
                .containsExactly(tuple("multiple_strategy_classes", 21, 1));
    }

    @Test
    void inheritsMethodsAndAttributesFromBaseClassInSameFile() {
        String source = """
                from freqtrade.strategy import IStrategy


                class Mixin:
                    timeframe = "4h"

                    def populate_exit_trend(self, dataframe, metadata):
                        return dataframe


                class Combined(Mixin, IStrategy):
                    INTERFACE_VERSION = 3
                    minimal_roi = {0: 1}
                    stoploss = -0.2

                    def populate_indicators(self, dataframe, metadata):
                        return dataframe

                    def populate_entry_trend(self, dataframe, metadata):
                        return dataframe
                """;

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.valid()).isTrue();
        assertThat(report.timeframe()).isEqualTo("4h");
        assertThat(report.minimalRoi()).containsExactly(Map.entry("0", 1.0));
        assertThat(report.methods()).containsExactly(
                "populate_indicators", "populate_entry_trend", "populate_exit_trend");
    }

    @Test
    void reportsMissingMethodsAndInterfaceV1Signature() {
        StrategyReport report = analyzer.analyze(fixture("MissingMethods.py"));

        assertThat(report.className()).isEqualTo("MissingMethods");
        assertThat(report.errors()).extracting(Finding::code, Finding::line, Finding::column).containsExactly(
                tuple("missing_method", 9, 1),
                tuple("missing_method", 9, 1),
                tuple("invalid_method_signature", 12, 9));
        assertThat(report.errors().get(0).message()).contains("populate_entry_trend");
        assertThat(report.errors().get(1).message()).contains("populate_exit_trend");
        assertThat(report.warnings()).extracting(Finding::code).containsExactly(
                "missing_interface_version", "missing_minimal_roi", "missing_stoploss");
    }

    @Test
    void requiresPopulateIndicators() {
        String source = MINIMAL.replace("def populate_indicators", "def populate_indicators_helper");

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.errors()).extracting(Finding::code, Finding::line).containsExactly(tuple("missing_method", 5));
        assertThat(report.errors().get(0).message()).contains("populate_indicators(self, dataframe, metadata)");
    }

    @Test
    void reportsMissingAttributesAsWarningsBecauseTheConfigMayProvideThem() {
        String source = MINIMAL.replace("    INTERFACE_VERSION = 3\n", "")
                .replace("    timeframe = \"5m\"\n", "")
                .replace("    minimal_roi = {\"0\": 0.1}\n", "")
                .replace("    stoploss = -0.1\n", "");

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.valid()).isTrue();
        assertThat(report.warnings()).extracting(Finding::code, Finding::line, Finding::column).containsExactly(
                tuple("missing_interface_version", 5, 1),
                tuple("missing_timeframe", 5, 1),
                tuple("missing_minimal_roi", 5, 1),
                tuple("missing_stoploss", 5, 1));
        assertThat(report.minimalRoiPresent()).isFalse();
        assertThat(report.minimalRoi()).isNull();
    }

    @Test
    void rejectsPositiveStoploss() {
        StrategyReport report = analyzer.analyze(MINIMAL.replace("stoploss = -0.1", "stoploss = 0.1"));

        assertThat(report.errors()).extracting(Finding::code, Finding::line, Finding::column)
                .containsExactly(tuple("invalid_stoploss", 9, 16));
    }

    @Test
    void warnsAboutUnknownTimeframeAndNonNumericRoiKeys() {
        String source = MINIMAL.replace("timeframe = \"5m\"", "timeframe = \"5 minutes\"")
                .replace("minimal_roi = {\"0\": 0.1}", "minimal_roi = {\"zero\": 0.1}");

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.warnings()).extracting(Finding::code, Finding::line, Finding::column)
                .containsExactly(tuple("invalid_timeframe", 7, 17), tuple("invalid_minimal_roi", 8, 19));
    }

    // ------------------------------------------------------------------ legacy

    @Test
    void flagsLegacyBuySellMethodsAsDeprecated() {
        StrategyReport report = analyzer.analyze(fixture("LegacyV2Strategy.py"));

        assertThat(report.valid()).isTrue();
        assertThat(report.interfaceVersion()).isEqualTo(2);
        assertThat(report.timeframe()).isNull();
        assertThat(report.warnings()).extracting(Finding::code, Finding::line, Finding::column).containsExactly(
                tuple("missing_timeframe", 8, 1),
                tuple("unsupported_interface_version", 9, 5),
                tuple("deprecated_attribute", 18, 5),
                tuple("deprecated_attribute", 19, 5),
                tuple("deprecated_attribute", 20, 5),
                tuple("deprecated_method", 29, 9),
                tuple("deprecated_method", 33, 9),
                tuple("deprecated_method", 37, 9));
        assertThat(report.warnings().get(5).message()).startsWith("populate_buy_trend is deprecated")
                .contains("populate_entry_trend");
        assertThat(report.parameters()).containsExactly(
                new Parameter("buy_rsi", "IntParameter", "buy", "30", "10", "40", null, true),
                new Parameter("sell_rsi_limit", "DecimalParameter", "sell", "70.5", "60.0", "90.0", null, false));
    }

    @Test
    void legacyMethodsAreNotEnoughForShortingStrategies() {
        String source = fixture("LegacyV2Strategy.py").replace("    stoploss = -0.10\n",
                "    stoploss = -0.10\n    can_short = True\n");

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.valid()).isFalse();
        assertThat(report.errors()).extracting(Finding::code, Finding::line)
                .containsExactly(tuple("missing_method", 30), tuple("missing_method", 34));
    }

    @Test
    void warnsThatLegacyMethodIsIgnoredNextToCurrentOne() {
        String source = MINIMAL + """

                    def populate_buy_trend(self, dataframe, metadata):
                        return dataframe
                """;

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.valid()).isTrue();
        assertThat(report.warnings()).extracting(Finding::code, Finding::line, Finding::column)
                .containsExactly(tuple("deprecated_method", 20, 9));
        assertThat(report.warnings().get(0).message()).contains("never called");
    }

    // ------------------------------------------------------------------ FreqAI

    @Test
    void acceptsCompleteFreqaiStrategy() {
        StrategyReport report = analyzer.analyze(fixture("FreqaiExampleStrategy.py"));

        assertThat(report.valid()).isTrue();
        assertThat(report.freqai()).isTrue();
        assertThat(report.className()).isEqualTo("FreqaiExampleStrategy");
        assertThat(report.minimalRoi()).containsExactly(Map.entry("0", 0.1), Map.entry("240", -1.0));
        assertThat(report.startupCandleCount()).isEqualTo(40);
        assertThat(report.parameters()).containsExactly(
                new Parameter("std_dev_multiplier_buy", "CategoricalParameter", "buy", "1.25", null, null,
                        List.of("0.75", "1", "1.25", "1.5", "1.75"), true),
                new Parameter("std_dev_multiplier_sell", "CategoricalParameter", "sell", "1.25", null, null,
                        List.of("0.75", "1", "1.25", "1.5", "1.75"), true));
        assertThat(report.warnings()).extracting(Finding::code).containsExactly(
                "missing_interface_version", "missing_timeframe", "can_short_requires_futures");
    }

    @Test
    void detectsFreqaiStrategyAndItsMissingMethods() {
        StrategyReport report = analyzer.analyze(fixture("FreqaiIncomplete.py"));

        assertThat(report.freqai()).isTrue();
        assertThat(report.valid()).isFalse();
        assertThat(report.errors()).extracting(Finding::code, Finding::line, Finding::column).containsExactly(
                tuple("freqai_missing_method", 6, 1),
                tuple("freqai_missing_method", 6, 1),
                tuple("freqai_process_only_new_candles", 11, 5));
        assertThat(report.errors().get(0).message()).contains("set_freqai_targets");
        assertThat(report.errors().get(1).message()).contains("feature_engineering_expand_all");
    }

    @Test
    void detectsFreqaiByHookMethodAndWarnsWhenStartIsNeverCalled() {
        String source = MINIMAL + """

                    def set_freqai_targets(self, dataframe, metadata, **kwargs):
                        dataframe["&-target"] = 0
                        return dataframe

                    def feature_engineering_standard(self, dataframe, metadata, **kwargs):
                        dataframe["%-hour"] = dataframe["date"].dt.hour
                        return dataframe
                """;

        StrategyReport report = analyzer.analyze(source);

        assertThat(report.freqai()).isTrue();
        assertThat(report.valid()).isTrue();
        assertThat(report.warnings()).extracting(Finding::code, Finding::line)
                .containsExactly(tuple("freqai_start_not_called", 5));
    }

    @Test
    void ordinaryStrategyIsNotFreqai() {
        String source = MINIMAL.replace("return dataframe\n\n    def populate_entry_trend",
                "self.other.start(dataframe)\n        return dataframe\n\n    def populate_entry_trend");

        assertThat(analyzer.analyze(source).freqai()).isFalse();
    }

    // ------------------------------------------------------------------ robustness

    @Test
    void rejectsEmptyAndBlankInputWithClearError() {
        for (String input : new String[] {null, "", "   \n\t\n"}) {
            StrategyReport report = analyzer.analyze(input);
            assertThat(report.valid()).isFalse();
            assertThat(report.errors()).extracting(Finding::code, Finding::line, Finding::column)
                    .containsExactly(tuple("empty_source", 1, 1));
        }
    }

    @Test
    void rejectsSourceLargerThanOneMebibyte() {
        String huge = "# " + "x".repeat(StrategyAnalyzer.MAX_SOURCE_BYTES) + "\n";

        StrategyReport report = analyzer.analyze(huge);

        assertThat(report.valid()).isFalse();
        assertThat(codes(report.errors())).containsExactly("source_too_large");
        assertThat(report.errors().get(0).message()).contains("1048576");
    }

    @Test
    void countsMultiByteCharactersTowardsTheSizeLimit() {
        String justOver = "# " + "é".repeat(StrategyAnalyzer.MAX_SOURCE_BYTES / 2);

        assertThat(codes(analyzer.analyze(justOver).errors())).containsExactly("source_too_large");
    }

    @Test
    void neverThrowsOnGarbageInput() {
        List<String> inputs = List.of(
                "\0\0\0", "class", "class A(IStrategy", "def (", "((((((((((((((((((((", ")]}", "\"\"\"unterminated",
                "class A(IStrategy):\n\tx = 1\n        y = 2\n", "\uFEFFclass A(IStrategy): pass", "🙂" .repeat(1000),
                "x = [" + "[".repeat(5000) + "]".repeat(5000) + "]", "class A(IStrategy):\n    buy_x = IntParameter(*a, **k)\n",
                "class A(IStrategy):\n    minimal_roi = {**other}\n    stoploss = -(-(-(0.1)))\n",
                "\ud800 lone surrogate");
        for (String input : inputs) {
            StrategyReport report = analyzer.analyze(input);
            assertThat(report).isNotNull();
            assertThat(report.valid()).isEqualTo(report.errors().isEmpty());
        }
    }

    @Test
    void givesUpWithClearErrorWhenTheTimeBudgetIsExhausted() {
        StrategyAnalyzer impatient = new StrategyAnalyzer(java.time.Duration.ofNanos(1));

        StrategyReport report = impatient.analyze(")]} (((\n".repeat(5_000));

        assertThat(report.valid()).isFalse();
        assertThat(codes(report.errors())).containsExactly("analysis_timeout");
    }

    @Test
    void analyzesLargeGeneratedStrategyCompletely() {
        StringBuilder source = new StringBuilder(MINIMAL);
        int count = 2_000;
        for (int i = 0; i < count; i++) {
            source.append("    buy_p").append(i).append(" = IntParameter(1, ").append(i + 2).append(", default=1)\n");
            source.append("    def helper_").append(i).append("(self, dataframe, metadata):\n")
                    .append("        return dataframe['close'].rolling(").append(i + 1).append(").mean()\n");
        }
        assertThat(source.length()).isGreaterThan(200_000);

        StrategyReport report = analyzer.analyze(source.toString());

        assertThat(report.valid()).isTrue();
        assertThat(report.parameters()).hasSize(count);
        assertThat(report.parameters().get(count - 1))
                .isEqualTo(new Parameter("buy_p1999", "IntParameter", "buy", "1", "1", "2001", null, true));
        assertThat(report.methods()).hasSize(count + 3);
    }

    @Test
    void isSafeToUseFromManyThreads() throws Exception {
        String sample = fixture("SampleStrategy.py");
        StrategyReport expected = analyzer.analyze(sample);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<StrategyReport>> tasks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                tasks.add(() -> analyzer.analyze(sample));
            }
            for (Future<StrategyReport> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
