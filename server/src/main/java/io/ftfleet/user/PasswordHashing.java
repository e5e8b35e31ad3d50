package io.ftfleet.user;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.ftfleet.core.ApiException;

/**
 * Argon2 costs 19 MiB and tens of milliseconds of a core per hash. Unbounded, a burst of logins (most of them for
 * names that do not exist) takes every core and a lot of memory; so at most {@code permits} hashes run at once, a
 * caller waits a short while for a turn, and beyond that is told to retry (429 with Retry-After) rather than
 * queueing without limit.
 */
final class PasswordHashing {

    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Semaphore permits;
    private final Duration wait;

    PasswordHashing(int permits, Duration wait) {
        this.permits = new Semaphore(Math.max(1, permits), true);
        this.wait = wait;
    }

    /** Twice the cores: enough to keep them busy, few enough that a burst does not starve everything else. */
    static PasswordHashing forThisMachine() {
        return new PasswordHashing(2 * Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(2));
    }

    <T> T run(Supplier<T> hashing) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw ApiException.tooManyRequests("password_checks_busy",
                    "Too many password checks are running right now; retry in a moment", RETRY_AFTER);
        }
        try {
            return hashing.get();
        } finally {
            permits.release();
        }
    }
}
