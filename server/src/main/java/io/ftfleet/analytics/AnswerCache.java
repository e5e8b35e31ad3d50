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

    private record Entry(long expiresNanos, Map<String, Object> value) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    AnswerCache(AnalyticsProperties properties) {
        this.ttlNanos = properties.cacheTtl().toNanos();
    }

    Map<String, Object> get(String key, Supplier<Map<String, Object>> compute) {
        if (ttlNanos <= 0) {
            return compute.get();
        }
        long now = System.nanoTime();
        Entry entry = entries.get(key);
        if (entry != null && now - entry.expiresNanos() < 0) {
            return entry.value();
        }
        Map<String, Object> value = compute.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(now + ttlNanos, value));
        return value;
    }
}
