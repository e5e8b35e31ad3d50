package io.ftfleet.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.ftfleet.core.AuditableEvent;
import io.ftfleet.core.RequestIds;
import io.ftfleet.user.CurrentUser;
import io.ftfleet.user.Role;
import io.ftfleet.user.UserEvents;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import tools.jackson.databind.json.JsonMapper;

class AuditRecorderTests {

    /** Only {@code draft} is exercised here: no store and no transactions needed. */
    private final AuditRecorder recorder = new AuditRecorder(null, JsonMapper.builder().build(),
            Clock.fixed(Instant.parse("2026-03-04T05:06:07.123456789Z"), ZoneOffset.UTC), null);

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
        RequestContextHolder.resetRequestAttributes();
        MDC.clear();
    }

    @Test
    void anEntryNamesTheCallerTheRequestAndTheEvent() {
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken(new CurrentUser(5, "olga", Role.OPERATOR), null, List.of()));
        MockHttpServletRequest request = new MockHttpServletRequest("PATCH", "/api/v1/users/9");
        request.setRemoteAddr("10.1.2.3");
        request.setQueryString("x=1");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        MDC.put(RequestIds.MDC_KEY, "req-77");

        AuditEntry e = recorder.draft(new UserEvents.UserUpdated(9, Map.of("role", "viewer"), Map.of("role", "operator")));

        assertThat(e.createdAt()).isEqualTo(Instant.parse("2026-03-04T05:06:07.123456Z"));
        assertThat(e.actorId()).isEqualTo(5L);
        assertThat(e.username()).isEqualTo("olga");
        assertThat(e.actorRole()).isEqualTo("operator");
        assertThat(e.ipAddress()).isEqualTo("10.1.2.3");
        assertThat(e.requestId()).isEqualTo("req-77");
        assertThat(e.httpMethod()).isEqualTo("PATCH");
        assertThat(e.path()).isEqualTo("/api/v1/users/9");
        assertThat(e.action()).isEqualTo("user.updated");
        assertThat(e.targetType()).isEqualTo("user");
        assertThat(e.targetId()).isEqualTo("9");
        assertThat(e.outcome()).isEqualTo("success");
        assertThat(e.statusCode()).isEqualTo(200);
        assertThat(e.details()).contains("\"changes\":{\"role\":{\"before\":\"viewer\",\"after\":\"operator\"}}");
    }

    @Test
    void outsideARequestTheSystemIsTheActorAndThereIsNoRequestData() {
        AuditEntry e = recorder.draft(new UserEvents.ApiKeyRevoked(1, 2));
        assertThat(e.actorId()).isNull();
        assertThat(e.username()).isNull();
        assertThat(e.actorRole()).isNull();
        assertThat(e.ipAddress()).isNull();
        assertThat(e.requestId()).isNull();
        assertThat(e.httpMethod()).isNull();
        assertThat(e.path()).isNull();
        assertThat(e.details()).isNull();
    }

    @Test
    void aDenialIsRecordedAsDeniedWith403AndItsReason() {
        AuditEntry e = recorder.draft(new AuditableEvent.Denied("GET /api/v1/audit/verify", "route",
                "/api/v1/audit/verify", "access denied"));
        assertThat(e.outcome()).isEqualTo("denied");
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.action()).isEqualTo("GET /api/v1/audit/verify");
        assertThat(e.targetType()).isEqualTo("route");
        assertThat(e.reason()).isEqualTo("access denied");
    }

    @Test
    void statusCodesFollowTheOutcome() {
        assertThat(AuditRecorder.statusCode(AuditableEvent.Outcome.SUCCESS)).isEqualTo(200);
        assertThat(AuditRecorder.statusCode(AuditableEvent.Outcome.DENIED)).isEqualTo(403);
        assertThat(AuditRecorder.statusCode(AuditableEvent.Outcome.FAILED)).isEqualTo(500);
    }

    @Test
    void overlongValuesAreCutToTheColumnWithoutSplittingCharactersOrKeepingNul() {
        assertThat(AuditRecorder.cut("abcdef", 4)).isEqualTo("abcd");
        assertThat(AuditRecorder.cut("abc\uD83D\uDE00", 4)).isEqualTo("abc");
        assertThat(AuditRecorder.cut("a\0b", 10)).isEqualTo("a\uFFFDb");
        assertThat(AuditRecorder.cut(null, 3)).isNull();
    }
}
