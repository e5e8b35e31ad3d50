package io.ftfleet.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownCodeTest {

    @Test
    void keepsIndentationOfMarkdownCodeBlock() {
        String markdown = """
                # My strategy

                Some text.

                ```python
                class A(IStrategy):
                    def populate_indicators(self, dataframe, metadata):
                        if True:
                            return dataframe
                ```
                """;

        assertThat(MarkdownCode.extractPython(markdown)).contains("""
                class A(IStrategy):
                    def populate_indicators(self, dataframe, metadata):
                        if True:
                            return dataframe
                """);
    }

    @Test
    void treatsHashLinesInsideCodeAsCode() {
        String markdown = "```py\n# --- Do not remove these libs ---\n## not a heading\nx = 1\n```\n";

        assertThat(MarkdownCode.extractPython(markdown))
                .contains("# --- Do not remove these libs ---\n## not a heading\nx = 1\n");
    }

    @Test
    void prefersPythonBlockOverUnlabelledAndOtherLanguages() {
        String markdown = "```\nplain\n```\n\n```json\n{\"a\": 1}\n```\n\n~~~ Python extra words\nx = 2\n~~~\n";

        assertThat(MarkdownCode.extractPython(markdown)).contains("x = 2\n");
    }

    @Test
    void fallsBackToFirstBlockWithoutInfoString() {
        String markdown = "```json\n{}\n```\n\n```\nfirst = 1\n```\n\n```\nsecond = 2\n```\n";

        assertThat(MarkdownCode.extractPython(markdown)).contains("first = 1\n");
    }

    @Test
    void picksThePythonBlockThatDefinesTheStrategy() {
        String markdown = """
                Install:

                ```python
                pip install freqtrade
                ```

                Config helper:

                ```python
                CONFIG = {"a": 1}
                ```

                The strategy:

                ```python
                from freqtrade.strategy import IStrategy

                class Picked(IStrategy):
                    pass
                ```
                """;

        assertThat(MarkdownCode.extractPython(markdown)).hasValueSatisfying(code ->
                assertThat(code).startsWith("from freqtrade.strategy import IStrategy\n").contains("class Picked"));
    }

    @Test
    void takesFirstPythonBlockWhenNoneDefinesAStrategy() {
        String markdown = "```python\nfirst = 1\n```\n```python\nsecond = 2\n```\n";

        assertThat(MarkdownCode.extractPython(markdown)).contains("first = 1\n");
    }

    @Test
    void handlesCrlfLineEndings() {
        String markdown = "Intro\r\n\r\n```python\r\nclass A:\r\n    x = 1\r\n```\r\n";

        assertThat(MarkdownCode.extractPython(markdown)).contains("class A:\n    x = 1\n");
    }

    @Test
    void removesOnlyTheOpeningFenceIndentationFromContent() {
        String markdown = "  ```python\n  class A:\n      x = 1\n y = 2\nz = 3\n  ```\n";

        assertThat(MarkdownCode.extractPython(markdown)).contains("class A:\n    x = 1\ny = 2\nz = 3\n");
    }

    @Test
    void ignoresFenceIndentedByFourSpaces() {
        String markdown = "    ```python\n    x = 1\n    ```\n";

        assertThat(MarkdownCode.extractPython(markdown)).isEmpty();
    }

    @Test
    void runsUnterminatedFenceToEndOfDocument() {
        String markdown = "Text\n\n```python\nclass A:\n    x = 1\n";

        assertThat(MarkdownCode.extractPython(markdown)).contains("class A:\n    x = 1\n");
    }

    @Test
    void closingFenceMustUseSameCharacterAndAtLeastSameLength() {
        String markdown = "````python\nx = '''\n```\n~~~~\n'''\n````\nafter = 1\n";

        assertThat(MarkdownCode.extractPython(markdown)).contains("x = '''\n```\n~~~~\n'''\n");
    }

    @Test
    void backtickFenceWithBacktickInInfoStringIsNotAFence() {
        String markdown = "``` py`thon\nx = 1\n```\n";

        // the first line is inline code, so the second fence opens an (unterminated) unlabelled block
        assertThat(MarkdownCode.extractPython(markdown)).contains("");
    }

    @Test
    void returnsEmptyWithoutCodeBlock() {
        assertThat(MarkdownCode.extractPython("# Title\n\nJust prose.\n")).isEmpty();
        assertThat(MarkdownCode.extractPython("")).isEmpty();
        assertThat(MarkdownCode.extractPython(null)).isEmpty();
    }
}
