package io.ftfleet.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;

/**
 * {@code http_server_requests}: one timer per method, route pattern, status, outcome and exception, with the tag
 * values of Spring's default server request convention. It replaces Spring Boot's observation filter, which built
 * the tags and looked the timer up in the registry on every request (about 8 % of the CPU of a cheap route,
 * docs/BENCHMARKS.md); here a request costs one lookup in a map of the timers already made. Tags stay bounded: the
 * uri is the route pattern (or NOT_FOUND, REDIRECTION, UNKNOWN), never the raw path; methods outside HTTP's standard
 * set are UNKNOWN; and {@code management.metrics.web.server.max-uri-tags} still caps distinct uris.
 */
final class RequestTimer {

    static final String METRIC = "http.server.requests";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "TRACE");
    /** Timers kept for reuse; past this (never reached with route patterns) a request just registers its timer. */
    private static final int MAX_CACHED = 2_000;

    private record Key(String method, String uri, int status, String exception) {
    }

    private final MeterRegistry registry;
    private final ConcurrentMap<Key, Timer> timers = new ConcurrentHashMap<>();

    RequestTimer(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records the request now, or when its asynchronous processing ends. */
    void record(HttpServletRequest request, HttpServletResponse response, long startNanos, Throwable thrown) {
        if (thrown == null && request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    stop(request, response, startNanos, null);
                }

                // a timeout or an error ends in onComplete as well, with the status then sent
                @Override
                public void onTimeout(AsyncEvent event) {
                }

                @Override
                public void onError(AsyncEvent event) {
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                    event.getAsyncContext().addListener(this);
                }
            });
            return;
        }
        stop(request, response, startNanos, thrown);
    }

    private void stop(HttpServletRequest request, HttpServletResponse response, long startNanos, Throwable thrown) {
        // an exception that escaped answers 500 once the container has handled it
        int status = thrown != null ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus();
        Key key = new Key(method(request), uri(request, status), status, exception(request, thrown));
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = Timer.builder(METRIC).tags(Tags.of("method", key.method(), "uri", key.uri(),
                    "status", Integer.toString(status), "outcome", outcome(status), "exception", key.exception()))
                    .register(registry);
            if (timers.size() < MAX_CACHED) {
                timers.putIfAbsent(key, timer);
            }
        }
        timer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    private static String method(HttpServletRequest request) {
        String method = request.getMethod();
        return METHODS.contains(method) ? method : "UNKNOWN";
    }

    private static String uri(HttpServletRequest request, int status) {
        if (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern) {
            return pattern.isEmpty() ? "root" : pattern;
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        return status == HttpServletResponse.SC_NOT_FOUND ? "NOT_FOUND" : "UNKNOWN";
    }

    private static String exception(HttpServletRequest request, Throwable thrown) {
        Throwable error = thrown != null ? thrown
                : request.getAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE) instanceof Throwable handled ? handled
                        : null;
        if (error == null) {
            return "none";
        }
        String name = error.getClass().getSimpleName();
        return name.isBlank() ? error.getClass().getName() : name;
    }

    private static String outcome(int status) {
        if (status >= 100 && status < 200) {
            return "INFORMATIONAL";
        }
        if (status >= 200 && status < 300) {
            return "SUCCESS";
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        if (status >= 400 && status < 500) {
            return "CLIENT_ERROR";
        }
        return status >= 500 && status < 600 ? "SERVER_ERROR" : "UNKNOWN";
    }
}
