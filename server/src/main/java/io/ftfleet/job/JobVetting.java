package io.ftfleet.job;

import java.util.Optional;

import io.ftfleet.strategy.StrategyVetting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The research a strategy version has been through, from the completed jobs that ran it. */
@Component
class JobVetting implements StrategyVetting {

    private static final Logger log = LoggerFactory.getLogger(JobVetting.class);
    static final String LOOKAHEAD = "lookahead_analysis";
    static final String RECURSIVE = "recursive_analysis";

    private final JobStore store;
    private final JsonMapper json;

    JobVetting(JobStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public Vetting of(long versionId) {
        return new Vetting(check(versionId, BacktestKind.NAME), check(versionId, LOOKAHEAD),
                check(versionId, RECURSIVE));
    }

    private Optional<Check> check(long versionId, String kind) {
        return store.latestCompleted(versionId, kind).map(j -> {
            JsonNode summary = j.summary() == null ? null : json.readTree(j.summary());
            Boolean biased = summary != null && summary.path("biased").isBoolean() ? summary.get("biased").asBoolean()
                    : null;
            return new Check(j.id(), j.finishedAt(), biased, j.summary());
        });
    }

    /** Jobs from before the version column: read the version from their parameters, once. */
    @EventListener(ApplicationReadyEvent.class)
    void backfill() {
        try {
            for (var batch = store.withoutVersionColumn(500); !batch.isEmpty(); batch = store.withoutVersionColumn(500)) {
                for (JobRecord j : batch) {
                    JsonNode version = json.readTree(j.params()).path("strategy_version_id");
                    // -1 marks "looked, names none", so the row is not read again
                    store.recordVersion(j.id(), version.isIntegralNumber() ? version.asLong() : -1);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not record the strategy version of older jobs: {}", e.toString());
        }
    }
}
