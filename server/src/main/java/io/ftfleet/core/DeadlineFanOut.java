package io.ftfleet.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one piece of work per item on a bounded pool and waits for all of them, giving each its own deadline counted
 * from when it starts (not from when it was queued), so items waiting behind slow ones keep their whole allowance.
 * An item over its deadline is interrupted and reported once to {@code onTimeout}; its late result, if any, is
 * dropped, so a timed-out item is never reported twice. This is how the fleet poller and the ledger sync keep one
 * slow or dead bot from delaying the others.
 */
public final class DeadlineFanOut {

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int TIMED_OUT = 2;

    private DeadlineFanOut() {
    }

    /** The same for work that records its own outcome: only a timeout is reported. */
    public static <T> void runAll(ExecutorService pool, List<T> items, Duration deadline, Consumer<T> work,
            Consumer<T> onTimeout) throws InterruptedException {
        runAll(pool, items, deadline, item -> {
            work.accept(item);
            return item;
        }, (item, done) -> { }, onTimeout);
    }

    public static <T, R> void runAll(ExecutorService pool, List<T> items, Duration deadline, Function<T, R> work,
            BiConsumer<T, R> onResult, Consumer<T> onTimeout) throws InterruptedException {
        List<Task<T, R>> tasks = new ArrayList<>(items.size());
        for (T item : items) {
            Task<T, R> task = new Task<>(item, work, onResult);
            task.future = pool.submit(task);
            tasks.add(task);
        }
        long deadlineNanos = deadline.toNanos();
        while (true) {
            boolean pending = false;
            long now = System.nanoTime();
            for (Task<T, R> task : tasks) {
                if (task.future.isDone()) {
                    continue;
                }
                pending = true;
                Long started = task.startedNanos;
                if (started != null && now - started > deadlineNanos && task.state.compareAndSet(RUNNING, TIMED_OUT)) {
                    task.future.cancel(true);
                    onTimeout.accept(task.item);
                }
            }
            if (!pending) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private static final class Task<T, R> implements Runnable {
        final T item;
        final Function<T, R> work;
        final BiConsumer<T, R> onResult;
        final AtomicInteger state = new AtomicInteger(RUNNING);
        volatile Long startedNanos;
        volatile Future<?> future;

        Task(T item, Function<T, R> work, BiConsumer<T, R> onResult) {
            this.item = item;
            this.work = work;
            this.onResult = onResult;
        }

        @Override
        public void run() {
            startedNanos = System.nanoTime();
            R result = work.apply(item);
            if (state.compareAndSet(RUNNING, DONE)) {
                onResult.accept(item, result);
            }
        }
    }
}
