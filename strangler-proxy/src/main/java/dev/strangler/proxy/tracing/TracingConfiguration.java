package dev.strangler.proxy.tracing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@link TraceOnCompletion}. */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    @Bean
    TraceOnCompletion traceOnCompletion() {
        return new TraceOnCompletion();
    }

}
