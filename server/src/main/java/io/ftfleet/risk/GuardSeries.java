package io.ftfleet.risk;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One guard's equity series in one stake currency, kept per bot so that membership changes do not reset the high.
 * Every check adds a tick with each member's balance. When a bot leaves, its balance is taken out of every past
 * tick (a bot leaving is not a loss, and its old balance must not hold the high up); when a bot joins, its first
 * balance is added to every past tick as if it had been there all along (joining is not a gain, and the others'
 * high is kept). The high is the largest tick total within the window.
 * <p>
 * Not thread-safe: the guard checker is the only writer and holds the series' monitor.
 */
final class GuardSeries {

    private static final class Tick {
        final Instant at;
        final Map<Long, Double> balances;
        double total;

        Tick(Instant at, Map<Long, Double> balances) {
            this.at = at;
            this.balances = balances;
            this.total = balances.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private final Deque<Tick> ticks = new ArrayDeque<>();
    private Set<Long> members = new TreeSet<>();

    /** Adds this check's balances (bot id to balance), dropping ticks older than {@code cutoff}. */
    void add(Instant now, Map<Long, Double> balances, Instant cutoff) {
        for (Long left : members) {
            if (!balances.containsKey(left)) {
                for (Tick t : ticks) {
                    Double b = t.balances.remove(left);
                    if (b != null) {
                        t.total -= b;
                    }
                }
            }
        }
        for (Map.Entry<Long, Double> joined : balances.entrySet()) {
            if (!members.contains(joined.getKey())) {
                for (Tick t : ticks) {
                    t.balances.put(joined.getKey(), joined.getValue());
                    t.total += joined.getValue();
                }
            }
        }
        members = new TreeSet<>(balances.keySet());
        ticks.addLast(new Tick(now, new HashMap<>(balances)));
        while (!ticks.isEmpty() && ticks.peekFirst().at.isBefore(cutoff)) {
            ticks.removeFirst();
        }
    }

    /** The highest total within the window; NaN before the first tick. */
    double high() {
        return ticks.stream().mapToDouble(t -> t.total).max().orElse(Double.NaN);
    }

    /** The latest total; NaN before the first tick. */
    double last() {
        Tick t = ticks.peekLast();
        return t == null ? Double.NaN : t.total;
    }

    Set<Long> members() {
        return members;
    }
}
