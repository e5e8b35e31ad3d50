package io.ftfleet.core;

import java.util.Collections;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Headers that describe the body or the wanted answer are checked before anything parses them: a
 * {@code Content-Type} that is not one concrete media type (unparseable, a wildcard, an unknown charset), a
 * {@code multipart/*} body without a boundary, or an {@code Accept} header that cannot be parsed would otherwise
 * fail deep inside the framework (as a 500, or as an error that cannot be written in any accepted format).
 */
final class RequestHeaders {

    private RequestHeaders() {
    }

    /** The problem to answer instead of serving the request, or null when its headers can be used. */
    static ProblemDetail problem(HttpServletRequest request) {
        String problem = contentTypeProblem(request.getContentType());
        if (problem != null) {
            HttpStatus status = problem.startsWith("multipart") ? HttpStatus.BAD_REQUEST
                    : HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            return Problems.of(status, status == HttpStatus.BAD_REQUEST ? "bad_multipart" : "unsupported_media_type",
                    problem.substring(problem.indexOf(':') + 1).strip());
        }
        List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
        if (!accept.isEmpty() && !parses(accept)) {
            return Problems.of(HttpStatus.BAD_REQUEST, "bad_request", "The Accept header is not a valid list of media types");
        }
        return null;
    }

    /** Why the Content-Type cannot be used, prefixed by the kind of problem; null when it is fine or absent. */
    static String contentTypeProblem(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
            type.getCharset(); // an unknown charset (UnsupportedCharsetException, an IllegalArgumentException) throws here rather than when the body is read
        } catch (IllegalArgumentException e) {
            return "type: The Content-Type header is not a valid media type";
        }
        if (type.isWildcardType() || type.isWildcardSubtype()) {
            return "type: The Content-Type header must name one media type, not a wildcard";
        }
        if (type.getType().toLowerCase(Locale.ROOT).equals("multipart")) {
            String boundary = type.getParameter("boundary");
            if (boundary == null || boundary.isBlank() || boundary.equals("\"\"")) {
                return "multipart: The multipart body has no boundary in its Content-Type header";
            }
        }
        return null;
    }

    private static boolean parses(List<String> accept) {
        try {
            MediaType.parseMediaTypes(accept);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
