package io.ftfleet.bot;

import io.ftfleet.support.FullStackTest;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same seeded lifecycle walk against bots answering as Freqtrade 2025.4 (paused state, {@code /pause},
 * {@code /start} resumes): the invariants hold whichever generation the bots are.
 */
@FullStackTest
class SupervisorWalk2025Tests extends SupervisorWalkTests {

    @DynamicPropertySource
    static void flavor2025(DynamicPropertyRegistry registry) {
        registry.add("ftfleet.runtime.local.environment.FTSIM_FLAVOR", () -> "2025");
    }

    /** Shorter than the 2024 walk: the generation-specific paths (pause, resume, reload, crash) come up early. */
    @Override
    int defaultSteps() {
        return 25;
    }
}
