package io.ftfleet.core;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Builds and writes the one error body of this API. Used by the MVC exception handler and by filters that
 * answer before MVC (security, rate limits, body size), so every error looks the same wherever it is raised.
 */
@Component
public class Problems {

    private final JsonMapper json;

    Problems(JsonMapper json) {
        this.json = json;
    }

    public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://ftfleet.io/problems/" + code.replace('_', '-')));
        problem.setProperty("code", code);
        problem.setProperty("requestId", RequestIds.current());
        return problem;
    }

    /** The stable code for a bare HTTP status (framework and container errors that carry no code of their own). */
    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 408 -> "request_timeout";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 422 -> "validation_failed";
            case 429 -> "rate_limited";
            case 431 -> "headers_too_large";
            case 503 -> "service_unavailable";
            default -> status >= 500 ? "internal_error" : "error";
        };
    }

    public static ProblemDetail of(ApiException e) {
        ProblemDetail problem = of(e.status(), e.code(), e.getMessage());
        if (!e.errors().isEmpty()) {
            problem.setProperty("errors", e.errors());
        }
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    static ProblemDetail withErrors(ProblemDetail problem, List<FieldViolation> errors) {
        problem.setProperty("errors", errors);
        return problem;
    }

    /** Writes a problem straight to the servlet response (for filters, outside MVC). */
    public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }

    public void write(HttpServletResponse response, ApiException e) throws IOException {
        if (e.retryAfter() != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        write(response, of(e));
    }
}
