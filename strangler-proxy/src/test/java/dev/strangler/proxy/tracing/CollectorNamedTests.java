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

    @Test
    void restoresTheTraceOnEveryOperatorOnlyWhileObserving() {
        // Only the observations' own log lines need spring.reactor.context-propagation=auto (application.yaml reads
        // this setting for it, limited otherwise).
        String propagation = "strangler.proxy.tracing.context-propagation";
        assertThat(after(Map.of(), propagation)).isNull();
        assertThat(after(Map.of(CollectorNamed.ENDPOINT, "http://collector:4318/v1/traces"), propagation))
            .isEqualTo("auto");
        assertThat(after(Map.of(CollectorNamed.OBSERVATIONS, "true"), propagation)).isEqualTo("auto");
        assertThat(after(Map.of(CollectorNamed.ENDPOINT, "http://collector:4318/v1/traces",
                CollectorNamed.OBSERVATIONS, "false"), propagation)).isNull();
    }

    private static String observationsAfter(Map<String, Object> settings) {
        return after(settings, CollectorNamed.OBSERVATIONS);
    }

    private static String after(Map<String, Object> settings, String property) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        // No SpringApplication: merely constructing one in this JVM left the shadow tests that run after it in the
        // same fork failing (ShadowCopiesIntegrationTests#aShadowedWriteWhoseClientAbortsGivesItsPermitBack), and the
        // post-processor does not read it.
        new CollectorNamed().postProcessEnvironment(environment, null);
        return environment.getProperty(property);
    }
}
