package io.ftfleet.core;

import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cap on distinct {@code uri} values of {@code http_server_requests}, which Spring Boot's observation
 * auto-configuration installed before {@link RequestTimer} took its place (that auto-configuration is excluded in
 * application.yml): past {@code management.metrics.web.server.max-uri-tags} values new ones are not recorded.
 */
@Configuration(proxyBeanMethods = false)
class RequestMetricsConfig {

    @Bean
    MeterFilter httpServerRequestsUriLimit(@Value("${management.metrics.web.server.max-uri-tags:100}") int maxUriTags) {
        return MeterFilter.maximumAllowableTags(RequestTimer.METRIC, "uri", maxUriTags, MeterFilter.deny());
    }
}
