package io.ftfleet.auth;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.ftfleet.core.AuditableEvent;
import io.ftfleet.core.Problems;

import org.springframework.context.ApplicationEventPublisher;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 raised inside the security filter chain, as the same ProblemDetail as everywhere else. */
class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final Problems problems;
    private final ApplicationEventPublisher events;

    ProblemAuthenticationHandlers(Problems problems, ApplicationEventPublisher events) {
        this.problems = problems;
        this.events = events;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean sentCredentials = request.getHeader(HttpHeaders.AUTHORIZATION) != null
                || request.getHeader(ApiKeyAuthenticationFilter.HEADER) != null;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        problems.write(response, Problems.of(HttpStatus.UNAUTHORIZED, sentCredentials ? "invalid_credentials" : "not_authenticated",
                sentCredentials ? "Invalid authentication credentials" : "Not authenticated"));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        events.publishEvent(new AuditableEvent.Denied(request.getMethod() + " " + request.getRequestURI(), "route",
                request.getRequestURI(), "access denied"));
        problems.write(response, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Not enough permissions"));
    }
}
