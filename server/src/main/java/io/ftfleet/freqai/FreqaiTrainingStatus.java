package io.ftfleet.freqai;

import java.util.Optional;

/**
 * The training job behind a model name, for the model status route. Implemented by the job module (which runs the
 * training), so the registry can report a model that is still queued or training, or whose training failed.
 */
public interface FreqaiTrainingStatus {

    record Training(long jobId, long ownerId, String status, Integer done, Integer total, String phase,
            String reason) {
    }

    /** The newest training job for {@code modelName}. */
    Optional<Training> latestFor(String modelName);

    Optional<Training> job(long jobId);
}
