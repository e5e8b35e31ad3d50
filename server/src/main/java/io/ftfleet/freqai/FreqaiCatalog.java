package io.ftfleet.freqai;

import java.util.List;
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
     */
    record ModelRef(long id, long ownerId, String name, String identifier, String modelClass,
            List<String> includeTimeframes, List<String> includeCorrPairs, String freqaiParams) {
    }

    Optional<ModelRef> find(long modelId);

    /** Model names are unique across the registry. */
    Optional<ModelRef> findByName(String name);
}
