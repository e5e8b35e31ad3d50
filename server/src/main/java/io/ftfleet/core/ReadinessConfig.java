package io.ftfleet.core;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** The background readiness checks behind {@code /health} ({@code ftfleet.health.check-interval}, default 5 s). */
@Configuration(proxyBeanMethods = false)
class ReadinessConfig {

    @Bean(destroyMethod = "close")
    Readiness readiness(List<ReadinessCheck> checks, @Value("${ftfleet.health.check-interval:5s}") Duration interval,
            Clock clock) {
        Readiness readiness = new Readiness(checks, interval, clock);
        readiness.start();
        return readiness;
    }

    /** Components that start with the context (the runtime, the poller) are checked again as soon as it is up. */
    @EventListener(ApplicationReadyEvent.class)
    @org.springframework.core.annotation.Order(org.springframework.core.Ordered.LOWEST_PRECEDENCE)
    void ready(ApplicationReadyEvent event) {
        // After the other ready listeners (runtime recovery), synchronously: /health is right from the first request.
        event.getApplicationContext().getBean(Readiness.class).checkAllNow();
    }
}
