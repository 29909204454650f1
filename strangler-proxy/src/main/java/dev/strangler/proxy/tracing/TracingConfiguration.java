package dev.strangler.proxy.tracing;

import java.util.concurrent.atomic.AtomicBoolean;

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

    /** Whether this JVM's context registry holds {@link TraceInMdc} yet. */
    private static final AtomicBoolean registered = new AtomicBoolean();

    TracingConfiguration() {
        // The registry is the JVM's, not the application context's: registered once, never removed. Registering
        // again on every context start (tests start many proxies in one JVM) replaced the accessor, and between
        // the registry's removal of the old one and its adding of the new one, another proxy's requests restoring
        // their context found none. Left registered, it does nothing where no request put its key in the context.
        if (registered.compareAndSet(false, true)) {
            ContextRegistry.getInstance().registerThreadLocalAccessor(new TraceInMdc());
        }
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
