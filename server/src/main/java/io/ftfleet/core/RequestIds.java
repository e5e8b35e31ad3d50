package io.ftfleet.core;

import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.MDC;

/** The request id that ties a response to its log lines. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    /** The caller's id when it is safe to echo into logs and headers, otherwise a fresh one. */
    static String acceptOrCreate(String fromClient) {
        if (fromClient != null && WELL_FORMED.matcher(fromClient).matches()) {
            return fromClient;
        }
        return UUID.randomUUID().toString();
    }

    /** The current request's id, or null outside a request. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }
}
