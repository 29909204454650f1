package dev.strangler.proxy.tracing;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Turns observations on ({@value #OBSERVATIONS}, which {@code application.yaml} hands to
 * {@code management.observations.enable.all}) exactly when something outside the process reads them: an OTLP
 * collector named for spans, or OTLP metrics export switched on (the observations' {@code http.server.requests} and
 * {@code http.client.requests} timers are what a dashboard of the proxy's traffic expects), wherever that is set
 * (command line, environment, a config file). Added last, so setting {@value #OBSERVATIONS} anywhere still decides.
 * While observing, Reactor's context propagation is {@code auto} ({@value #CONTEXT_PROPAGATION});
 * {@code spring.reactor.context-propagation} set anywhere still decides.
 */
final class CollectorNamed implements EnvironmentPostProcessor, Ordered {

    static final String OBSERVATIONS = "strangler.proxy.tracing.observations";

    /**
     * What {@code application.yaml} hands to {@code spring.reactor.context-propagation}: {@code auto} while observing,
     * {@code limited} (its default there) otherwise.
     */
    static final String CONTEXT_PROPAGATION = "strangler.proxy.tracing.context-propagation";

    static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    static final String METRICS_EXPORT = "management.otlp.metrics.export.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (StringUtils.hasText(environment.getProperty(ENDPOINT))
                || environment.getProperty(METRICS_EXPORT, Boolean.class, false)) {
            environment.getPropertySources()
                .addLast(new MapPropertySource("strangler-proxy-collector-named", Map.of(OBSERVATIONS, "true")));
        }
        if (environment.getProperty(OBSERVATIONS, Boolean.class, false)) {
            // The observations' trace ids reach the log lines of whichever thread a request continues on only when
            // Reactor restores the observation around every operator. Without observations the proxy puts its light
            // trace on its own lines, and that restoring (about a quarter of the request path's CPU) is left out.
            environment.getPropertySources()
                .addLast(new MapPropertySource("strangler-proxy-observing", Map.of(CONTEXT_PROPAGATION, "auto")));
        }
    }

    @Override
    public int getOrder() {
        // After the config files are read: an endpoint in one of them counts too.
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

}
