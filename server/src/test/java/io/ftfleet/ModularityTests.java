package io.ftfleet;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Fails on a dependency cycle between modules or on use of another module's internals. */
class ModularityTests {

    @Test
    void modulesHaveNoCyclesAndUseOnlyEachOthersPublicApi() {
        ApplicationModules.of(FtFleetApplication.class).verify();
    }
}
