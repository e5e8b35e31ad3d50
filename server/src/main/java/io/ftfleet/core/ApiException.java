package io.ftfleet.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * An error the API reports to its caller as an RFC 9457 ProblemDetail. {@code code} is stable and meant for
 * programs; {@code detail} is for people and must never contain secrets or internals.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<FieldViolation> errors;
    private final Duration retryAfter;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiException(HttpStatus status, String code, String detail) {
        this(status, code, detail, List.of(), null);
    }

    private ApiException(HttpStatus status, String code, String detail, List<FieldViolation> errors, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    public static ApiException notFound(String code, String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, code, detail);
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(HttpStatus.CONFLICT, code, detail);
    }

    public static ApiException badRequest(String code, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, detail);
    }

    public static ApiException forbidden(String code, String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, code, detail);
    }

    public static ApiException unauthorized(String code, String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, code, detail);
    }

    /** 422 naming every offending field. */
    public static ApiException invalid(String detail, List<FieldViolation> errors) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "validation_failed", detail, errors, null);
    }

    public static ApiException invalidField(String field, String message) {
        return invalid(field + ": " + message, List.of(new FieldViolation(field, message)));
    }

    public static ApiException tooManyRequests(String code, String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, code, detail, List.of(), retryAfter);
    }

    /** 503 with {@code Retry-After}: the server cannot take this request yet (e.g. still recovering its bots). */
    public static ApiException unavailable(String code, String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, code, detail, List.of(), retryAfter);
    }

    /**
     * Adds a machine-readable member to the problem body (e.g. what a refused action lacks); values must be plain
     * JSON (strings, numbers, lists of them) and never secrets.
     */
    public ApiException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldViolation> errors() {
        return errors;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
