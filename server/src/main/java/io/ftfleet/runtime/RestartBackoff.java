package io.ftfleet.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When to restart a bot that exited: exponential back-off from {@code base} up to {@code max}, and a crash-loop
 * limit ({@code limit} crashes within {@code window}) after which the bot is left alone. Pure: the caller passes
 * the time, so it is tested without waiting.
 */
final class RestartBackoff {

    /** What to do after a crash. */
    sealed interface Decision permits Restart, GiveUp {
        int crashesInWindow();
    }

    record Restart(int crashesInWindow, Duration delay) implements Decision {
    }

    record GiveUp(int crashesInWindow) implements Decision {
    }

    private final Duration base;
    private final Duration max;
    private final int limit;
    private final Duration window;
    private final Deque<Instant> crashes = new ArrayDeque<>();

    RestartBackoff(Duration base, Duration max, int limit, Duration window) {
        this.base = base;
        this.max = max;
        this.limit = limit;
        this.window = window;
    }

    /** Records a crash at {@code now} and decides. */
    Decision crashed(Instant now) {
        crashes.addLast(now);
        while (!crashes.isEmpty() && crashes.peekFirst().isBefore(now.minus(window))) {
            crashes.removeFirst();
        }
        int count = crashes.size();
        if (count >= limit) {
            return new GiveUp(count);
        }
        // base * 2^(count-1), without overflowing for long windows
        long millis = base.toMillis();
        for (int i = 1; i < count && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return new Restart(count, Duration.ofMillis(Math.min(millis, max.toMillis())));
    }

    /** A start the owner asked for begins with a clean history. */
    void reset() {
        crashes.clear();
    }

    Duration window() {
        return window;
    }
}
