package io.ftfleet.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts each bot's crashes in a sliding window: {@code limit} crashes within {@code window} are a crash loop, reported
 * once; the count then starts again, so a bot that keeps crashing is reported once per further {@code limit} crashes.
 * Kept in memory, like the runtime's own restart back-off. Pure: the caller passes the time.
 */
final class CrashLoops {

    private final int limit;
    private final Duration window;
    private final Map<Long, Deque<Instant>> crashes = new HashMap<>();

    CrashLoops(int limit, Duration window) {
        this.limit = limit;
        this.window = window;
    }

    /** Records a crash; returns the crashes in the window when they make a crash loop, else 0. */
    synchronized int crashed(long botId, Instant now) {
        Deque<Instant> recent = crashes.computeIfAbsent(botId, id -> new ArrayDeque<>());
        recent.addLast(now);
        while (recent.peekFirst().isBefore(now.minus(window))) {
            recent.removeFirst();
        }
        int count = recent.size();
        if (count < limit) {
            return 0;
        }
        crashes.remove(botId);
        return count;
    }
}
