package io.ftfleet.core;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.ConstraintViolationException;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * The one error policy: every failure leaves as an RFC 9457 ProblemDetail with a string {@code detail}, a stable
 * {@code code} and the {@code requestId}. Nothing internal (exception classes, stack traces, SQL) is ever sent.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final org.springframework.context.ApplicationEventPublisher events;

    ApiExceptionHandler(org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
    }

    /** Refusals are part of the audit trail, whoever raised them. */
    private void auditDenied(jakarta.servlet.http.HttpServletRequest request, String reason) {
        events.publishEvent(new AuditableEvent.Denied(request.getMethod() + " " + request.getRequestURI(), "route",
                request.getRequestURI(), reason));
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, jakarta.servlet.http.HttpServletRequest request) {
        if (e.status() == HttpStatus.FORBIDDEN) {
            auditDenied(request, e.code());
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        return response.body(Problems.of(e));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        if (e.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class)) {
            // /bots/abc names no resource: it is simply not there.
            return problem(HttpStatus.NOT_FOUND, "not_found", "No resource at this path: '" + e.getName() + "' is not valid");
        }
        return invalid(List.of(new FieldViolation(e.getName(), "must be a valid " + simpleType(e.getRequiredType()))));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(ConstraintViolationException e) {
        List<FieldViolation> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldViolation(snake(lastNode(v.getPropertyPath().toString())), v.getMessage()))
                .toList();
        return invalid(errors);
    }

    @ExceptionHandler({ AccessDeniedException.class, AuthorizationDeniedException.class })
    ResponseEntity<ProblemDetail> denied(RuntimeException e, jakarta.servlet.http.HttpServletRequest request) {
        auditDenied(request, "role not allowed");
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Not enough permissions");
    }

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodableParameters(InvalidParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, "bad_request", "Request parameters could not be decoded");
    }

    /** A multipart body that cannot be parsed (broken parts, a boundary that never appears). */
    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(org.springframework.web.multipart.MultipartException e) {
        log.info("Unreadable multipart body: {}", e.getMessage());
        return problem(HttpStatus.BAD_REQUEST, "bad_multipart", "The multipart body could not be read");
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required"));
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e) {
        // Services check uniqueness first; this is the race that slipped past the check.
        log.info("Integrity violation: {}", e.getMostSpecificCause().getClass().getSimpleName());
        return problem(HttpStatus.CONFLICT, "conflict", "The change conflicts with existing data");
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> optimisticLock(OptimisticLockingFailureException e) {
        return problem(HttpStatus.CONFLICT, "concurrent_modification",
                "Someone else changed this at the same time; reload and try again");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unhandled error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "Internal server error; quote the request id when reporting it");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        e.getBindingResult().getFieldErrors()
                .forEach(f -> errors.add(new FieldViolation(snake(f.getField()), f.getDefaultMessage())));
        e.getBindingResult().getGlobalErrors()
                .forEach(g -> errors.add(new FieldViolation(g.getObjectName(), g.getDefaultMessage())));
        return cast(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(err -> errors.add(
                new FieldViolation(r.getMethodParameter().getParameterName(), err.getDefaultMessage()))));
        return cast(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return cast(invalid(List.of(new FieldViolation(e.getParameterName(), "is required"))));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(MissingServletRequestPartException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return cast(invalid(List.of(new FieldViolation(e.getRequestPartName(), "is required"))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimit.BodyTooLarge) {
                return cast(problem(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", "The request body is too large"));
            }
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof DatabindException db) {
                // Well-formed JSON with a value of the wrong type or an unknown enum constant: name the field.
                String field = path(db);
                String message = field.isEmpty() ? "request body has the wrong shape" : "has a wrong type or value";
                return cast(invalid(List.of(new FieldViolation(field.isEmpty() ? "body" : field, message))));
            }
            if (t instanceof JacksonException) {
                return cast(problem(HttpStatus.BAD_REQUEST, "malformed_json", "The request body is not valid JSON"));
            }
        }
        return cast(problem(HttpStatus.BAD_REQUEST, "body_missing", "The request body is missing or unreadable"));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(status, Problems.codeFor(status.value()), detailFor(status, body));
        return ResponseEntity.status(status).headers(headers).body(problem);
    }

    private static String detailFor(HttpStatusCode status, Object body) {
        return switch (status.value()) {
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "The request body is too large";
            default -> body instanceof ProblemDetail p && p.getDetail() != null ? p.getDetail()
                    : HttpStatus.valueOf(status.value()).getReasonPhrase();
        };
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    /** Field names leave in the API's own spelling (snake_case), not Java's. */
    static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String simpleType(Class<?> type) {
        return type == null ? "value" : type.getSimpleName().toLowerCase();
    }

    private static ResponseEntity<ProblemDetail> invalid(List<FieldViolation> errors) {
        String detail = errors.isEmpty() ? "Invalid request"
                : "Invalid request: " + String.join("; ", errors.stream().map(v -> v.field() + " " + v.message()).toList());
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
                .body(Problems.withErrors(Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "validation_failed", detail), errors));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String detail) {
        return ResponseEntity.status(status).body(Problems.of(status, code, detail));
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static ResponseEntity<Object> cast(ResponseEntity<ProblemDetail> response) {
        return (ResponseEntity) response;
    }
}
