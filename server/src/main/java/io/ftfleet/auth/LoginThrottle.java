package io.ftfleet.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Login lockout: too many failures for one username, or from one client IP, within the window lock further
 * attempts (even correct ones) for the lock duration. In memory: a restart clears locks, which is acceptable for
 * a throttle whose job is to make guessing slow.
 */
@Component
class LoginThrottle {

    private final AuthProperties.Lockout settings;
    private final Clock clock;
    private final Map<String, Failures> byUser = new ConcurrentHashMap<>();
    private final Map<String, Failures> byIp = new ConcurrentHashMap<>();

    LoginThrottle(AuthProperties properties, Clock clock) {
        this.settings = properties.lockout();
        this.clock = clock;
    }

    /** How long the caller must wait, when locked. */
    Optional<Duration> lockedFor(String username, String ip) {
        Instant now = clock.instant();
        Duration wait = max(remaining(byUser.get(key(username)), now), remaining(byIp.get(ip), now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    void failed(String username, String ip) {
        Instant now = clock.instant();
        byUser.computeIfAbsent(key(username), k -> new Failures()).add(now, settings.maxFailuresPerUser(), settings);
        byIp.computeIfAbsent(ip, k -> new Failures()).add(now, settings.maxFailuresPerIp(), settings);
    }

    void succeeded(String username) {
        byUser.remove(key(username));
    }

    @Scheduled(fixedDelayString = "PT5M")
    void prune() {
        Instant horizon = clock.instant().minus(settings.window()).minus(settings.duration());
        byUser.values().removeIf(f -> f.idleSince(horizon));
        byIp.values().removeIf(f -> f.idleSince(horizon));
    }

    private static String key(String username) {
        return username == null ? "" : username;
    }

    private static Duration remaining(Failures failures, Instant now) {
        return failures == null ? Duration.ZERO : failures.lockRemaining(now);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static final class Failures {
        private final Deque<Instant> times = new ArrayDeque<>();
        private Instant lockedUntil = Instant.MIN;

        synchronized void add(Instant now, int limit, AuthProperties.Lockout settings) {
            times.addLast(now);
            Instant from = now.minus(settings.window());
            while (!times.isEmpty() && times.peekFirst().isBefore(from)) {
                times.removeFirst();
            }
            if (times.size() >= limit) {
                lockedUntil = now.plus(settings.duration());
                times.clear();
            }
        }

        synchronized Duration lockRemaining(Instant now) {
            return now.isBefore(lockedUntil) ? Duration.between(now, lockedUntil) : Duration.ZERO;
        }

        synchronized boolean idleSince(Instant horizon) {
            return lockedUntil.isBefore(horizon) && (times.isEmpty() || times.peekLast().isBefore(horizon));
        }
    }
}
