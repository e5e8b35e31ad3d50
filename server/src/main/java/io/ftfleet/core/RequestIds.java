package io.ftfleet.core;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
        return create();
    }

    /**
     * A fresh random id in UUID form (version 4 bits set), from {@link ThreadLocalRandom}: no lock and no entropy
     * pool on the request path. {@code UUID.randomUUID()} draws from one shared {@code SecureRandom}, whose lock was
     * the most contended monitor under load (see docs/BENCHMARKS.md). Ids must be unique, not unguessable: 122
     * random bits per id; nothing secret is derived from them.
     */
    public static String create() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** The current request's id, or null outside a request. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }
}
