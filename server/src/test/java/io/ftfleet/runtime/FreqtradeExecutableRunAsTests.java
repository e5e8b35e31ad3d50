package io.ftfleet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** How a child is started when it must run as another OS user. */
class FreqtradeExecutableRunAsTests {

    @Test
    void withRunAsTheCommandSwitchesUserWithoutNewPrivilegesAndKeepsThePid() {
        FreqtradeExecutable exec = new FreqtradeExecutable("freqtrade", Map.of(), true,
                new FreqtradeExecutable.RunAs("sandbox", 1234, 2345));
        assertThat(exec.commandFor(List.of("trade"))).containsExactly("/usr/bin/setsid", "/bin/sh", "-c",
                "umask 077; exec \"$@\"", "sh", "/usr/bin/setpriv",
                "--reuid=1234", "--regid=2345", "--init-groups", "--no-new-privs", "--", "freqtrade", "trade");
        assertThat(exec.runAs()).contains("sandbox");
    }

    @Test
    void withoutRunAsTheCommandOnlySetsAnOwnerOnlyUmask() {
        FreqtradeExecutable exec = new FreqtradeExecutable("freqtrade", Map.of(), false);
        assertThat(exec.commandFor(List.of("trade"))).containsExactly("/bin/sh", "-c", "umask 077; exec \"$@\"", "sh",
                "freqtrade", "trade");
        assertThat(exec.runAs()).isEmpty();
        exec.handOver(Path.of("/nonexistent")); // nothing to hand over
    }

    @Test
    void aRunAsValueThatIsNoUserNameIsRefusedAtStart() {
        assertThatThrownBy(() -> FreqtradeExecutable.resolve("root; rm -rf /")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OS user name");
    }
}
