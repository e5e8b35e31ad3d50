package io.ftfleet.strategy;

import java.time.Instant;
import java.util.Optional;

/**
 * What a strategy version has been through: its latest completed backtest and bias checks. Implemented by the job
 * module (which depends on this one), asked by the gate before live trading and shown with each version.
 */
public interface StrategyVetting {

    /** The latest completed job of each research kind that ran exactly this version. */
    Vetting of(long versionId);

    /**
     * @param backtest  latest completed backtest, if any
     * @param lookahead latest completed lookahead analysis, if any
     * @param recursive latest completed recursive analysis, if any
     */
    record Vetting(Optional<Check> backtest, Optional<Check> lookahead, Optional<Check> recursive) {

        public static Vetting none() {
            return new Vetting(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * @param biased for bias checks: whether any signal or indicator was found biased (null for a backtest)
     * @param summary the job's parsed summary (JSON text) as the job shows it
     */
    record Check(long jobId, Instant finishedAt, Boolean biased, String summary) {
    }
}
