package io.ftfleet.auth;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.ftfleet.core.ApiException;
import io.ftfleet.core.Problems;
import io.ftfleet.user.CurrentUser;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bucket4j limits per client IP and per authenticated user (all paths of a caller share one bucket, unlike the
 * original's per-path buckets). Runs after authentication so it knows the user. Buckets of idle callers are
 * dropped by {@link #prune()}, so memory stays bounded by the number of recent callers.
 */
class RateLimitFilter extends OncePerRequestFilter {

    private final AuthProperties.RateLimit settings;
    private final Problems problems;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimitFilter(AuthProperties.RateLimit settings, Problems problems) {
        this.settings = settings;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !settings.enabled() || "OPTIONS".equals(request.getMethod()) || path.equals("/health")
                || path.equals("/metrics");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ConsumptionProbe ip = bucket("ip:" + request.getRemoteAddr()).tryConsumeAndReturnRemaining(1);
        ConsumptionProbe user = null;
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (ip.isConsumed() && auth != null && auth.getPrincipal() instanceof CurrentUser current) {
            user = bucket("user:" + current.id()).tryConsumeAndReturnRemaining(1);
        }
        ConsumptionProbe refused = !ip.isConsumed() ? ip : user != null && !user.isConsumed() ? user : null;
        if (refused != null) {
            Duration wait = Duration.ofNanos(refused.getNanosToWaitForRefill()).plusSeconds(1);
            problems.write(response, ApiException.tooManyRequests("rate_limited",
                    "Rate limit exceeded: " + settings.requests() + " per " + settings.window().toSeconds() + " second",
                    wait));
            return;
        }
        long remaining = user != null ? Math.min(ip.getRemainingTokens(), user.getRemainingTokens()) : ip.getRemainingTokens();
        response.setHeader("X-RateLimit-Limit", Integer.toString(settings.requests()));
        response.setHeader("X-RateLimit-Remaining", Long.toString(remaining));
        chain.doFilter(request, response);
    }

    private Bucket bucket(String key) {
        return buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(settings.requests()).refillIntervally(settings.requests(), settings.window()))
                .build());
    }

    /** A full bucket belongs to a caller idle for at least a window: dropping it changes nothing. */
    void prune() {
        buckets.values().removeIf(b -> b.getAvailableTokens() >= settings.requests());
    }
}
