package io.ftfleet.job;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param concurrency       jobs this server instance runs at once (each is a freqtrade process; 1 suits small machines)
 * @param pollInterval      how often an idle worker looks for queued jobs (a submit on this instance wakes it at once)
 * @param heartbeatInterval how often a running job's row is touched, and how often stale rows are swept
 * @param staleAfter        a running row without heartbeat for this long belongs to a server that is gone
 * @param cancelTimeout     SIGTERM, then SIGKILL of the process tree after this
 * @param marketDataDir     the historical data shared by jobs and bots ({@code <data-dir>/market-data} when unset);
 *                          one sub-folder per exchange, as Freqtrade's datadir
 */
@ConfigurationProperties("ftfleet.jobs")
record JobProperties(@DefaultValue("1") int concurrency, @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("5s") Duration heartbeatInterval, @DefaultValue("30s") Duration staleAfter,
        @DefaultValue("10s") Duration cancelTimeout, Path marketDataDir) {

    JobProperties {
        if (concurrency < 1) {
            throw new IllegalArgumentException("ftfleet.jobs.concurrency must be at least 1");
        }
    }
}
