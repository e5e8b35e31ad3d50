package io.ftfleet;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline.TimelineEvent;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ApplicationListener;
import org.springframework.scheduling.annotation.EnableScheduling;

/** FT Fleet: one server that starts, supervises and controls a fleet of Freqtrade bots. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FtFleetApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(FtFleetApplication.class);
        // Start-up diagnosis (-Dftfleet.startup-steps=N): once started, log the N start-up steps (bean creations,
        // configuration phases) that took longest, net of their nested steps. Off by default: recording costs time.
        Integer steps = Integer.getInteger("ftfleet.startup-steps");
        if (steps != null) {
            BufferingApplicationStartup startup = new BufferingApplicationStartup(50_000);
            app.setApplicationStartup(startup);
            app.addListeners((ApplicationListener<ApplicationReadyEvent>) ready -> logSlowestSteps(startup, steps));
        }
        app.run(args);
    }

    private static void logSlowestSteps(BufferingApplicationStartup startup, int count) {
        var events = startup.getBufferedTimeline().getEvents();
        Map<Long, Duration> nested = new HashMap<>();
        for (TimelineEvent e : events) {
            Long parent = e.getStartupStep().getParentId();
            if (parent != null) {
                nested.merge(parent, e.getDuration(), Duration::plus);
            }
        }
        record Step(TimelineEvent event, Duration own) {
        }
        Logger log = LoggerFactory.getLogger(FtFleetApplication.class);
        events.stream()
                .map(e -> new Step(e, e.getDuration().minus(nested.getOrDefault(e.getStartupStep().getId(), Duration.ZERO))))
                .sorted(Comparator.comparing(Step::own).reversed())
                .limit(count)
                .forEach(step -> {
                    TimelineEvent e = step.event();
                    StringBuilder tags = new StringBuilder();
                    e.getStartupStep().getTags().forEach(t -> tags.append(' ').append(t.getKey()).append('=').append(t.getValue()));
                    log.info("start-up step {} ms own, {} ms total, at +{} ms: {}{}", step.own().toMillis(),
                            e.getDuration().toMillis(),
                            Duration.between(startup.getBufferedTimeline().getStartTime(), e.getStartTime()).toMillis(),
                            e.getStartupStep().getName(), tags);
                });
    }
}
