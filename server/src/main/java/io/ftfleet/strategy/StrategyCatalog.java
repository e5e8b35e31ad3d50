package io.ftfleet.strategy;

import java.util.Optional;

/** What other modules may ask the strategy store: which version of a strategy is current. */
public interface StrategyCatalog {

    /** Id of the current version of the strategy with this class name, if the strategy exists. */
    Optional<Long> currentVersionId(String className);

    /** Whether this version id exists and belongs to the strategy with this class name. */
    boolean versionBelongsTo(long versionId, String className);

    /** The source code and validity of a version, to write into a bot's user_data at start. */
    Optional<VersionSource> source(long versionId);

    record VersionSource(long versionId, int version, String code, boolean valid) {
    }
}
