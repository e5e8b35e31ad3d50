package io.ftfleet.freqai;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What other modules may ask the FreqAI model registry. */
public interface FreqaiCatalog {

    /**
     * A registered model as a bot's config needs it.
     *
     * @param identifier       {@code freqai.identifier}: where Freqtrade keeps the model's files
     * @param modelClass       {@code --freqaimodel} / {@code freqaimodel}, e.g. {@code LightGBMRegressor}
     * @param includeTimeframes the timeframes the model was trained on
     * @param includeCorrPairs  the correlated pairs it was trained on
     * @param freqaiParams      the rest of the {@code freqai} section it was trained with (JSON object text), or null
     * @param timerange         the timerange it was trained on, or null
     * @param artefacts         for trained models: path relative to {@code user_data/} → stored file, to be copied
     *                          into a bot's or job's {@code user_data} (so Freqtrade finds {@code models/<identifier>/});
     *                          empty for uploaded single files
     */
    record ModelRef(long id, long ownerId, String name, String identifier, String modelClass,
            List<String> includeTimeframes, List<String> includeCorrPairs, String freqaiParams, String timerange,
            Map<String, Path> artefacts) {

        public ModelRef {
            includeTimeframes = includeTimeframes == null ? List.of() : List.copyOf(includeTimeframes);
            includeCorrPairs = includeCorrPairs == null ? List.of() : List.copyOf(includeCorrPairs);
            artefacts = artefacts == null ? Map.of() : Map.copyOf(artefacts);
        }
    }

    /**
     * A model a FreqAI training job produced: Freqtrade's {@code models/<identifier>/} folder after the run.
     *
     * @param metrics        what the run measured (JSON object text), e.g. the backtest summary
     * @param freqaiParams   the {@code freqai} section trained with (JSON object text)
     */
    record Trained(String name, long ownerId, String identifier, String modelClass, Path modelsDir,
            List<String> includeTimeframes, List<String> includeCorrPairs, String freqaiParams, String metrics,
            Long strategyVersionId, String timerange, long jobId) {
    }

    /**
     * Stores every regular file of {@code trained.modelsDir()} by content hash and registers the model with its
     * metrics and lineage (strategy version, timerange, parameters, job). Returns the new model's id. The folder was
     * written by strategy code: links in it are not followed (nor stored), and its size is bounded; the caller checks
     * that the folder itself is not a link out of the job.
     *
     * @throws IllegalArgumentException when the folder holds no trained model or the name is taken
     */
    long registerTrained(Trained trained);

    Optional<ModelRef> find(long modelId);

    /** Model names are unique across the registry. */
    Optional<ModelRef> findByName(String name);
}
