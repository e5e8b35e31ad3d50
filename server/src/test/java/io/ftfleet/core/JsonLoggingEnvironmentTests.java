package io.ftfleet.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class JsonLoggingEnvironmentTests {

    @Test
    void switchesConsoleLogsToEcsJsonWhenAsked() {
        MockEnvironment env = new MockEnvironment().withProperty("ftfleet.logging.json", "true");
        new JsonLoggingEnvironment().postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("logging.structured.format.console")).isEqualTo("ecs");
    }

    @Test
    void leavesPlainTextLogsByDefaultAndRespectsAnExplicitFormat() {
        MockEnvironment plain = new MockEnvironment();
        new JsonLoggingEnvironment().postProcessEnvironment(plain, new SpringApplication());
        assertThat(plain.getProperty("logging.structured.format.console")).isNull();

        MockEnvironment explicit = new MockEnvironment().withProperty("ftfleet.logging.json", "true")
                .withProperty("logging.structured.format.console", "logstash");
        new JsonLoggingEnvironment().postProcessEnvironment(explicit, new SpringApplication());
        assertThat(explicit.getProperty("logging.structured.format.console")).isEqualTo("logstash");
    }
}
