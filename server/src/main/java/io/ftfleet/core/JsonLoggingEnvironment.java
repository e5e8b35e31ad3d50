package io.ftfleet.core;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code ftfleet.logging.json=true} switches console logs to Spring Boot's structured ECS JSON. The MDC (and so
 * the request id) is part of every JSON line. Done before logging starts, which is why it is not a bean.
 */
class JsonLoggingEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty("ftfleet.logging.json", Boolean.class, false)
                && !environment.containsProperty("logging.structured.format.console")) {
            environment.getPropertySources().addLast(new MapPropertySource("ftfleetJsonLogging",
                    Map.of("logging.structured.format.console", "ecs")));
        }
    }
}
