package io.ftfleet.analytics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

/**
 * Keeps each computed analytics answer for a short time ({@code ftfleet.analytics.cache-ttl}), per caller scope and
 * parameters, so many viewers of the same figures cost one computation per interval rather than one each. Errors
 * are not kept. Bounded: when it grows past {@link #MAX_ENTRIES} it starts over.
 */
@Component
class AnswerCache {

    static final int MAX_ENTRIES = 2000;

    private record Entry(long expiresNanos, Object value) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    AnswerCache(AnalyticsProperties properties) {
        this.ttlNanos = properties.cacheTtl().toNanos();
    }

    /** The kept answer for {@code key}; one key always holds answers of one type (the route is part of the key). */
    @SuppressWarnings("unchecked")
    <T> T get(String key, Supplier<T> compute) {
        if (ttlNanos <= 0) {
            return compute.get();
        }
        long now = System.nanoTime();
        Entry entry = entries.get(key);
        if (entry != null && now - entry.expiresNanos() < 0) {
            return (T) entry.value();
        }
        T value = compute.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(now + ttlNanos, value));
        return value;
    }
}
