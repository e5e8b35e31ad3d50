package io.ftfleet.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link PollerLag} when the poller falls behind and when it catches up: lagging once no poll cycle has
 * completed for more than {@code ftfleet.fleet.lag-factor} poll intervals (counted from the server's start before
 * the first cycle), so a cycle stuck on slow bots is caught while it still runs, not only after it ends. Runs on its
 * own schedule (the scheduler has several threads), so a stuck poll cycle does not stop the watch.
 */
@Component
class PollerLagWatch {

    private static final Logger log = LoggerFactory.getLogger(PollerLagWatch.class);

    private final Supplier<Optional<Instant>> lastCycleCompleted;
    private final Duration pollInterval;
    private final Duration limit;
    private final Clock clock;
    private final Consumer<Object> events;
    private final Instant started;
    private boolean lagging;

    @Autowired
    PollerLagWatch(FleetPoller poller, FleetProperties properties, Clock clock, ApplicationEventPublisher events,
            @Value("${ftfleet.fleet.lag-factor:3}") int lagFactor) {
        this(poller::lastCycleCompleted, properties.pollInterval(), lagFactor, clock, events::publishEvent);
    }

    PollerLagWatch(Supplier<Optional<Instant>> lastCycleCompleted, Duration pollInterval, int lagFactor, Clock clock,
            Consumer<Object> events) {
        if (lagFactor < 1) {
            throw new IllegalArgumentException("ftfleet.fleet.lag-factor must be at least 1");
        }
        this.lastCycleCompleted = lastCycleCompleted;
        this.pollInterval = pollInterval;
        this.limit = pollInterval.multipliedBy(lagFactor);
        this.clock = clock;
        this.events = events;
        this.started = clock.instant();
    }

    @Scheduled(fixedDelayString = "${ftfleet.fleet.poll-interval:5s}", initialDelayString = "${ftfleet.fleet.poll-interval:5s}")
    synchronized void check() {
        Optional<Instant> last = lastCycleCompleted.get();
        Duration lag = Duration.between(last.orElse(started), clock.instant());
        boolean now = lag.compareTo(limit) > 0;
        if (now == lagging) {
            return;
        }
        lagging = now;
        if (now) {
            log.warn("The fleet poller is lagging: no poll cycle completed for {} ms (limit {} ms)", lag.toMillis(),
                    limit.toMillis());
        } else {
            log.info("The fleet poller caught up");
        }
        try {
            events.accept(new PollerLag(now, lag, limit, pollInterval, last.orElse(null)));
        } catch (RuntimeException e) {
            log.warn("A listener of the poller's lag failed: {}", e.toString());
        }
    }
}
