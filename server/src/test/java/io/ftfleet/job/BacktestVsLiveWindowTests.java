package io.ftfleet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The comparison window is rounded out to whole candles of the bot's timeframe. */
class BacktestVsLiveWindowTests {

    static final long HOUR = Duration.ofHours(1).toMillis();

    @Test
    void theStartGoesBackToItsCandleAndTheEndForwardToTheEndOfItsCandle() {
        Instant inside = Instant.parse("2026-12-05T08:17:31.250Z");
        assertThat(BacktestVsLiveKind.floor(inside, HOUR)).isEqualTo(Instant.parse("2026-12-05T08:00:00Z"));
        assertThat(BacktestVsLiveKind.ceil(inside, HOUR)).isEqualTo(Instant.parse("2026-12-05T09:00:00Z"));
    }

    @Test
    void aBoundaryStaysWhereItIs() {
        Instant boundary = Instant.parse("2026-12-05T08:00:00Z");
        assertThat(BacktestVsLiveKind.floor(boundary, HOUR)).isEqualTo(boundary);
        assertThat(BacktestVsLiveKind.ceil(boundary, HOUR)).isEqualTo(boundary);
        // a last close exactly on a boundary: the window ends with the candle that close falls in
        assertThat(BacktestVsLiveKind.ceil(boundary.plusMillis(1), HOUR)).isEqualTo(boundary.plusMillis(HOUR));
    }
}
