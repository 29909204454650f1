package dev.strangler.proxy.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class CollectorNamedTests {

    @Test
    void leavesObservationsOffWhenNothingOutsideTheProcessReadsThem() {
        assertThat(observationsAfter(Map.of())).isNull();
    }

    @Test
    void switchesObservationsOnWhenACollectorIsNamed() {
        assertThat(observationsAfter(Map.of(CollectorNamed.ENDPOINT, "http://collector:4318/v1/traces")))
                .isEqualTo("true");
    }

    @Test
    void switchesObservationsOnWhenMetricsLeaveTheProcess() {
        assertThat(observationsAfter(Map.of(CollectorNamed.METRICS_EXPORT, "true"))).isEqualTo("true");
        assertThat(observationsAfter(Map.of(CollectorNamed.METRICS_EXPORT, "false"))).isNull();
    }

    @Test
    void anExplicitSettingStillDecides() {
        assertThat(observationsAfter(Map.of(CollectorNamed.ENDPOINT, "http://collector:4318/v1/traces",
                CollectorNamed.OBSERVATIONS, "false"))).isEqualTo("false");
    }

    private static String observationsAfter(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        // No SpringApplication: merely constructing one in this JVM left the shadow tests that run after it in the
        // same fork failing (ShadowCopiesIntegrationTests#aShadowedWriteWhoseClientAbortsGivesItsPermitBack), and the
        // post-processor does not read it.
        new CollectorNamed().postProcessEnvironment(environment, null);
        return environment.getProperty(CollectorNamed.OBSERVATIONS);
    }
}
