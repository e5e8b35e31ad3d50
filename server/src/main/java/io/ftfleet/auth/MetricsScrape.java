package io.ftfleet.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import io.ftfleet.core.Secrets;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpHeaders;

/**
 * The scrape credential for {@code GET /metrics}: a bearer token that opens that one route and nothing else, so a
 * Prometheus server needs no user account. Only its SHA-256 is kept in memory; the setting may give the hash
 * itself ({@code sha256:<hex>}) so the token never has to be written in the server's configuration.
 *
 * @param scrapeToken {@code FTFLEET_METRICS_SCRAPE_TOKEN}: the token, or {@code sha256:<64 hex digits>}; empty: no
 *                    scrape token, only an admin's bearer token or API key opens {@code /metrics}
 */
@ConfigurationProperties("ftfleet.metrics")
record MetricsScrape(String scrapeToken) {

    static final String PATH = "/metrics";
    private static final String HASH_PREFIX = "sha256:";

    MetricsScrape {
        scrapeToken = scrapeToken == null || scrapeToken.isBlank() ? null : hashOf(scrapeToken.strip());
    }

    private static String hashOf(String setting) {
        if (setting.regionMatches(true, 0, HASH_PREFIX, 0, HASH_PREFIX.length())) {
            String hex = setting.substring(HASH_PREFIX.length()).toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("ftfleet.metrics.scrape-token: sha256: must be followed by 64 hex digits");
            }
            return hex;
        }
        if (setting.length() < 16) {
            throw new IllegalArgumentException("ftfleet.metrics.scrape-token must be at least 16 characters");
        }
        return Secrets.sha256Hex(setting);
    }

    /** Whether this request is for {@code /metrics} and carries the scrape token as its bearer token. */
    boolean matches(HttpServletRequest request) {
        if (scrapeToken == null || !PATH.equals(request.getRequestURI())) {
            return false;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = Secrets.sha256Hex(header.substring(7).strip()).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, scrapeToken.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "MetricsScrape[scrapeToken=" + (scrapeToken == null ? "none" : "set") + "]";
    }
}
