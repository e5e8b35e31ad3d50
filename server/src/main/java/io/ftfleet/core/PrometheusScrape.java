package io.ftfleet.core;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /metrics}: the Prometheus scrape, in the Prometheus text format (0.0.4) or, when the scraper prefers it
 * by its {@code Accept} header, OpenMetrics 1.0 — what Spring Boot's actuator endpoint served here before. The
 * actuator's endpoint machinery (discovery of endpoint beans, its own handler mappings) was about 6 % of the main
 * thread's CPU at start-up for this one route (docs/BENCHMARKS.md). Who may scrape is decided by the security chain
 * (an admin, or the scrape token of {@code ftfleet.metrics.scrape-token}).
 */
@Controller
@Tag(name = "system")
class PrometheusScrape {

    /** The content types of the Prometheus client's two text writers (the prometheus-metrics-exposition jars). */
    private static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS_100 = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final MediaType OPENMETRICS = MediaType.parseMediaType("application/openmetrics-text");

    private final PrometheusMeterRegistry registry;

    PrometheusScrape(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Operation(summary = "Prometheus scrape (admins, or the scrape token); OpenMetrics when the Accept header prefers it")
    @GetMapping("/metrics")
    void scrape(@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            @Parameter(description = "only these metric names (comma-separated)")
            @RequestParam(name = "includedNames", required = false) Set<String> includedNames,
            HttpServletResponse response) throws IOException {
        String contentType = prefersOpenMetrics(accept) ? OPENMETRICS_100 : TEXT_004;
        response.setContentType(contentType);
        registry.scrape(response.getOutputStream(), contentType, includedNames);
    }

    /** Whether the first of the accepted types, by quality, that this route can produce is OpenMetrics. */
    static boolean prefersOpenMetrics(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        types.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed()); // stable: ties keep their order
        for (MediaType type : types) {
            if (type.getQualityValue() == 0) {
                continue;
            }
            if (OPENMETRICS.isCompatibleWith(type) && !type.isWildcardType()) {
                return true;
            }
            if (MediaType.TEXT_PLAIN.isCompatibleWith(type)) {
                return false;
            }
        }
        return false;
    }
}
