package io.ftfleet.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds: what the full-stack tests wait on (a bot's state, a snapshot, a figure). */
public final class Await {

    private Await() {
    }

    /** Reads every 200 ms until {@code condition} holds and returns that value; fails with the last one read. */
    public static <T> T until(Supplier<T> read, Predicate<T> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = read.get();
            if (condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        String shown = String.valueOf(last);
        throw new AssertionError("condition not met within " + timeout + "; last: "
                + (shown.length() > 600 ? shown.substring(0, 600) + "..." : shown));
    }
}
