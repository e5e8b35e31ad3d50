package io.ftfleet.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The server's own servlet filter, outermost: the request's time ({@code http_server_requests}, {@link RequestTimer}),
 * a request id on every log line and on the response, then the headers and the body size checked before anything
 * parses them, and the request's character encoding. One filter rather than five:
 * Tomcat looks up each servlet filter's configuration under a lock on every request, and that lock was the most
 * contended monitor of the cheap routes under load (docs/BENCHMARKS.md, "Hot path profile").
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class CoreRequestFilter extends OncePerRequestFilter {

    private final Problems problems;
    private final BodySizeLimit bodySize;
    private final RequestTimer timer;

    CoreRequestFilter(Problems problems, CoreProperties properties, MeterRegistry registry) {
        this.problems = problems;
        this.bodySize = new BodySizeLimit(properties);
        this.timer = new RequestTimer(registry);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        Throwable thrown = null;
        try {
            filter(request, response, chain);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            thrown = e instanceof ServletException servlet && servlet.getRootCause() != null ? servlet.getRootCause() : e;
            throw e;
        } finally {
            timer.record(request, response, start, thrown);
        }
    }

    private void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // What Spring Boot's CharacterEncodingFilter did (server.servlet.encoding.force-request): form bodies and
        // parameters are read as UTF-8 whatever the client declared. That filter is off, one servlet filter less.
        request.setCharacterEncoding(StandardCharsets.UTF_8);
        String id = RequestIds.acceptOrCreate(request.getHeader(RequestIds.HEADER));
        MDC.put(RequestIds.MDC_KEY, id);
        response.setHeader(RequestIds.HEADER, id);
        try {
            ProblemDetail refused = RequestHeaders.problem(request);
            if (refused != null) {
                problems.write(response, refused);
                return;
            }
            long limit = bodySize.limitFor(request);
            if (request.getContentLengthLong() > limit) {
                tooLarge(response, limit);
                return;
            }
            try {
                chain.doFilter(BodySizeLimit.counted(request, limit), response);
            } catch (BodySizeLimit.BodyTooLarge e) {
                tooLarge(response, limit);
            } catch (ServletException e) {
                if (e.getRootCause() instanceof BodySizeLimit.BodyTooLarge) {
                    tooLarge(response, limit);
                    return;
                }
                throw e;
            }
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    private void tooLarge(HttpServletResponse response, long limit) throws IOException {
        response.setHeader("Connection", "close");
        problems.write(response, BodySizeLimit.tooLarge(limit));
    }
}
