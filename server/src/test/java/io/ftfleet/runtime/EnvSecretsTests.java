package io.ftfleet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.JsonNodeFactory;

/** Which secrets may travel as FREQTRADE__SECTION__KEY variables (Freqtrade lower-cases and re-types them). */
class EnvSecretsTests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void plainStringsOnLowerCasePathsGoByEnvironment() {
        assertThat(LocalRuntime.envSafe(List.of("exchange", "secret"), NODES.stringNode("s3cr3t-Abc"))).isTrue();
        assertThat(LocalRuntime.envSafe(List.of("telegram", "token"), NODES.stringNode("123:abc"))).isTrue();
    }

    @Test
    void valuesFreqtradeWouldRetypeGoByFile() {
        assertThat(LocalRuntime.envSafe(List.of("exchange", "key"), NODES.stringNode("12345"))).isFalse();
        assertThat(LocalRuntime.envSafe(List.of("exchange", "key"), NODES.stringNode("1.5e3"))).isFalse();
        assertThat(LocalRuntime.envSafe(List.of("exchange", "key"), NODES.stringNode("true"))).isFalse();
        assertThat(LocalRuntime.envSafe(List.of("exchange", "key"), NODES.stringNode("{\"a\":1}"))).isFalse();
        assertThat(LocalRuntime.envSafe(List.of("exchange", "key"), NODES.stringNode("Infinity"))).isFalse();
        assertThat(LocalRuntime.envSafe(List.of("exchange", "key"), NODES.numberNode(42))).isFalse();
    }

    @Test
    void passwordsAndChatIdsStayStringsSoDigitsMayGoByEnvironment() {
        assertThat(LocalRuntime.envSafe(List.of("exchange", "password"), NODES.stringNode("123456"))).isTrue();
        assertThat(LocalRuntime.envSafe(List.of("telegram", "chat_id"), NODES.stringNode("-100123"))).isTrue();
    }

    @Test
    void pathsFreqtradeWouldLowerCaseOrSplitGoByFile() {
        assertThat(LocalRuntime.envSafe(List.of("exchange", "ccxt_config", "apiKey"), NODES.stringNode("abc"))).isFalse();
        assertThat(LocalRuntime.envSafe(List.of("exchange", "a__b"), NODES.stringNode("abc"))).isFalse();
    }
}
