package dev.strangler.plans.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.archrules.KitRules;
import org.junit.jupiter.api.Test;

/**
 * The control plane has no data plane on its class path, not even for its tests: what {@code KitRules} checks class
 * by class, this checks for the module as a whole (a dependency on the proxy or cdc-sync in the pom would put their
 * packages here), so the console can only reach them over HTTP.
 */
class ControlPlaneBoundaryTests {

    @Test
    void noDataPlaneIsOnTheConsolesClassPath() {
        ClassLoader loader = ControlPlaneBoundaryTests.class.getClassLoader();
        for (String plane : KitRules.DATA_PLANES) {
            String path = KitRules.KIT_PACKAGE.replace('.', '/') + "/" + plane;
            assertThat(loader.getResource(path)).as("the data plane package %s on the console's class path", path)
                    .isNull();
        }
    }
}
