package io.ftfleet.job;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.ftfleet.user.CurrentUser;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One kind of job: a freqtrade sub-command with its parameters, progress and result. The queue knows nothing else
 * about a kind; see {@code package-info.java}.
 */
interface JobKind {

    /** Stored in {@code jobs.kind}, e.g. {@code backtest}. */
    String name();

    /**
     * Checks a request and returns the normalised parameters to store (defaults filled in, versions pinned). Throws
     * {@link io.ftfleet.core.ApiException} (422/404) on bad input; nothing is stored then.
     */
    ObjectNode validate(JsonNode request, CurrentUser user);

    /** A short label for lists, e.g. the strategy name. */
    String label(JsonNode params);

    /** Writes the job's config and files into its working directory; returns the freqtrade arguments. */
    List<String> prepare(Run run) throws IOException;

    /** Progress from one line of the process output, if the line tells any. */
    Optional<Progress> progress(String line, Run run);

    /** The result once the process exited 0. Throws when the expected result files are missing or unreadable. */
    Result collect(Run run) throws IOException;

    /**
     * The candles the job reads: before it starts, whatever of them is missing is downloaded (or, with
     * {@code download_missing: false}, the job fails with {@code data_missing}). Empty for kinds that read none.
     */
    default Optional<Candles.Need> candles(JsonNode params) {
        return Optional.empty();
    }

    /** The candle files the job writes (downloads): it holds their locks while it runs. */
    default Optional<Candles.Need> candlesWritten(JsonNode params) {
        return Optional.empty();
    }

    /** Whether a job interrupted by a server restart may simply run again (it has no effect worth keeping). */
    default boolean safeToRerun() {
        return false;
    }

    /**
     * @param workDir    the job's own directory (config, user_data, log)
     * @param marketData the shared historical data root ({@code <root>/<exchange>} is a Freqtrade datadir)
     */
    record Run(long jobId, long ownerId, JsonNode params, Path workDir, Path marketData) {

        Path userData() {
            return workDir.resolve("user_data");
        }

        Path config() {
            return workDir.resolve("config.json");
        }
    }

    record Progress(Integer done, Integer total, String phase) {
    }

    /**
     * @param summary the parsed figures shown in lists and comparisons
     * @param full    the complete result (JSON text), kept for retrieval
     * @param file    the result file it was read from, relative to the working directory
     */
    record Result(JsonNode summary, String full, String file) {
    }
}
