package io.ftfleet.core;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Requests that Tomcat rejects before any filter runs (an encoded slash or NUL in the path, a header or URI over
 * the limit) would get Tomcat's HTML error page. This swaps Tomcat's error report valve for one that writes the
 * API's ProblemDetail, so even those answers are 4xx JSON with a code and a request id.
 */
@Component
class ContainerErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    static String detail(int status) {
        if (status >= 500) {
            return "Internal server error; quote the request id when reporting it";
        }
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "Request refused";
    }

    /** Tomcat instantiates this by class name, so it must be public with a public constructor. */
    public static class ProblemReportValve extends ErrorReportValve {

        public ProblemReportValve() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            String requestId = response.getHeader("X-Request-Id");
            if (requestId == null) {
                requestId = UUID.randomUUID().toString();
                response.setHeader("X-Request-Id", requestId);
            }
            String body = "{\"type\":\"https://ftfleet.io/problems/" + Problems.codeFor(status).replace('_', '-') + "\",\"title\":\""
                    + detail(status) + "\",\"status\":" + status + ",\"detail\":\"" + detail(status) + "\",\"code\":\""
                    + Problems.codeFor(status) + "\",\"requestId\":\"" + requestId + "\"}";
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The client is gone or the response is already closed; nothing left to tell it.
            }
        }
    }
}
