package io.ftfleet.job;

import java.util.Optional;

import io.ftfleet.freqai.FreqaiTrainingStatus;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** The registry's view of training jobs (model status route): system-level, the registry applies owner scoping. */
@Component
class FreqaiTrainingJobs implements FreqaiTrainingStatus {

    private final JobStore store;
    private final JsonMapper json;

    FreqaiTrainingJobs(JobStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public Optional<Training> latestFor(String modelName) {
        // newest first; names are unique per registered model, so the newest job is the one that counts
        return store.list(null, FreqaiTrainingKind.NAME, null, 0, 1000).stream()
                .filter(j -> modelName.equals(json.readTree(j.params()).path("model_name").asString(null)))
                .findFirst().map(FreqaiTrainingJobs::training);
    }

    @Override
    public Optional<Training> job(long jobId) {
        return store.find(jobId).filter(j -> j.kind().equals(FreqaiTrainingKind.NAME)).map(FreqaiTrainingJobs::training);
    }

    private static Training training(JobRecord j) {
        return new Training(j.id(), j.ownerId(), j.status(), j.progressDone(), j.progressTotal(), j.progressPhase(),
                j.reason());
    }
}
