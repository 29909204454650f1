package dev.strangler.proxy.tracing;

import io.micrometer.context.ContextRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The light path, taken while nothing is observed ({@code strangler.proxy.tracing.observations=false}, the default
 * until an OTLP collector is named): observations would cost about a third of the request path's CPU for spans and
 * timers nobody reads, so the proxy only carries the trace: {@code traceparent} to the backends, trace id on log
 * lines. With observations on, Micrometer Tracing does both and this is left out.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = CollectorNamed.OBSERVATIONS, havingValue = "false", matchIfMissing = true)
class TracingConfiguration {

    TracingConfiguration() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(new TraceInMdc());
    }

    @Bean
    RequestTraces requestTraces() {
        return new RequestTraces();
    }

    @Bean
    TraceparentHeaders traceparentHeaders() {
        return new TraceparentHeaders();
    }

}
