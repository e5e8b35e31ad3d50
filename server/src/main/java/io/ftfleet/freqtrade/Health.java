package io.ftfleet.freqtrade;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code GET /health}. {@code last_process} stays {@code null} until the first trading loop has finished. Unlike
 * most Freqtrade timestamps, the {@code *_ts} here are epoch <em>seconds</em>.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Health(String lastProcess, Long lastProcessTs, String botStart, Long botStartTs, String botStartup,
        Long botStartupTs) {

    /** End of the last successful trading loop. */
    public Optional<Instant> lastProcessAt() {
        return Optional.ofNullable(lastProcessTs).map(Instant::ofEpochSecond);
    }

    /** Last time the worker entered RUNNING. */
    public Optional<Instant> botStartupAt() {
        return Optional.ofNullable(botStartupTs).map(Instant::ofEpochSecond);
    }
}
