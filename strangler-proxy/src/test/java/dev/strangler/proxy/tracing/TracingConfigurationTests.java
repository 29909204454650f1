package dev.strangler.proxy.tracing;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TracingConfigurationTests {

    @Test
    void theTraceIsRegisteredWithTheJvmsContextRegistryOnceHoweverManyProxiesStart() {
        new TracingConfiguration();
        ThreadLocalAccessor<?> first = traceInMdc();

        new TracingConfiguration();

        assertThat(traceInMdc()).as("the accessor after a second proxy started in the same JVM").isSameAs(first);
    }

    private static ThreadLocalAccessor<?> traceInMdc() {
        return ContextRegistry.getInstance().getThreadLocalAccessors().stream()
            .filter((accessor) -> TraceInMdc.KEY.equals(accessor.key()))
            .reduce((one, other) -> {
                throw new AssertionError("registered twice: " + one + ", " + other);
            })
            .orElseThrow();
    }

}
