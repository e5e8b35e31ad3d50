package io.ftfleet.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Rates of pairs as the bots reported them (current rate of their open trades), at most one sample a minute per pair
 * and only the last 25 hours, in memory: enough to say how a pair moved over 24 hours once the server has watched it
 * that long, and nothing is claimed before.
 */
@Component
class PriceHistory {

    static final Duration KEEP = Duration.ofHours(25);
    static final Duration SPACING = Duration.ofMinutes(1);

    record Sample(double rate, Instant at) {
    }

    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();

    private final Map<String, Sample> latest = new ConcurrentHashMap<>();

    void record(String pair, double rate, Instant at) {
        latest.merge(pair, new Sample(rate, at), (old, fresh) -> fresh.at().isBefore(old.at()) ? old : fresh);
        Deque<Sample> deque = samples.computeIfAbsent(pair, p -> new ArrayDeque<>());
        synchronized (deque) {
            Sample last = deque.peekLast();
            if (last == null || Duration.between(last.at(), at).compareTo(SPACING) >= 0) {
                deque.addLast(new Sample(rate, at));
            }
            while (!deque.isEmpty() && deque.peekFirst().at().isBefore(at.minus(KEEP))) {
                deque.pollFirst();
            }
        }
    }

    Optional<Sample> latest(String pair) {
        return Optional.ofNullable(latest.get(pair));
    }

    /** The newest sample at least 24 hours older than {@code now}, if the server has watched the pair that long. */
    Optional<Sample> dayBefore(String pair, Instant now) {
        Deque<Sample> deque = samples.get(pair);
        if (deque == null) {
            return Optional.empty();
        }
        Instant cutoff = now.minus(Duration.ofHours(24));
        synchronized (deque) {
            Sample found = null;
            for (Sample s : deque) {
                if (s.at().isAfter(cutoff)) {
                    break;
                }
                found = s;
            }
            return Optional.ofNullable(found);
        }
    }
}
