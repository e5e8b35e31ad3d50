package io.ftfleet.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StrategyNamesTest {

    @Test
    void acceptsPythonIdentifiers() {
        assertThat(StrategyNames.validateClassName("SampleStrategy")).isEmpty();
        assertThat(StrategyNames.validateClassName("_private2")).isEmpty();
        assertThat(StrategyNames.validateClassName("A")).isEmpty();
        assertThat(StrategyNames.validateClassName("match")).isEmpty(); // soft keyword
        assertThat(StrategyNames.isValidClassName("x".repeat(100))).isTrue();
    }

    @Test
    void refusesPathTraversalInName() {
        assertThat(StrategyNames.validateClassName("../etc/passwd"))
                .contains("The strategy name must not contain path separators or '..'.");
        assertThat(StrategyNames.validateClassName("a\\b")).isPresent();
        assertThat(StrategyNames.validateClassName("..")).isPresent();
    }

    @Test
    void refusesNamesThatAreNotIdentifiers() {
        assertThat(StrategyNames.validateClassName("")).contains("The strategy name must not be empty.");
        assertThat(StrategyNames.validateClassName(null)).isPresent();
        assertThat(StrategyNames.validateClassName("1Strategy")).contains("The strategy name must not start with a digit.");
        assertThat(StrategyNames.validateClassName("My Strategy")).contains(
                "The strategy name may only contain ASCII letters, digits and underscores; found U+0020 at position 3.");
        assertThat(StrategyNames.validateClassName("Stratégie")).contains(
                "The strategy name may only contain ASCII letters, digits and underscores; found 'é' at position 6.");
        assertThat(StrategyNames.validateClassName("a-b")).isPresent();
        assertThat(StrategyNames.validateClassName("Sample.py")).isPresent();
    }

    @Test
    void refusesPythonKeywordsAndOverlongNames() {
        assertThat(StrategyNames.validateClassName("class")).contains("'class' is a Python keyword and cannot be a class name.");
        assertThat(StrategyNames.validateClassName("None")).isPresent();
        assertThat(StrategyNames.validateClassName("x".repeat(101)))
                .contains("The strategy name must be at most 100 characters long (it has 101).");
    }

    @Test
    void buildsFileNamesOnlyFromValidClassNames() {
        assertThat(StrategyNames.fileNameFor("SampleStrategy")).isEqualTo("SampleStrategy.py");
        assertThatThrownBy(() -> StrategyNames.fileNameFor("../evil"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StrategyNames.fileNameFor("bad name"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
