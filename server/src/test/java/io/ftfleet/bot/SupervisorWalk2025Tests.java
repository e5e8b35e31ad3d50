package io.ftfleet.bot;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The same seeded lifecycle walk against bots answering as Freqtrade 2025.4 (paused state, {@code /pause},
 * {@code /start} resumes): the invariants hold whichever generation the bots are.
 */
class SupervisorWalk2025Tests extends SupervisorWalkTests {

    @Override
    String[] settings() {
        return Stream.concat(Arrays.stream(SETTINGS), Stream.of("--ftfleet.runtime.local.environment.FTSIM_FLAVOR=2025"))
                .toArray(String[]::new);
    }

    /** Shorter than the 2024 walk: the generation-specific paths (pause, resume, reload, crash) come up early. */
    @Override
    int defaultSteps() {
        return 25;
    }
}
