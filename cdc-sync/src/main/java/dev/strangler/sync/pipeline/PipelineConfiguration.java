package dev.strangler.sync.pipeline;

import dev.strangler.sync.mapping.PipelineFiles;
import dev.strangler.sync.mapping.ValueConversion;
import dev.strangler.sync.mapping.ValueConversions;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.ResourcePatternResolver;

/** Wires the pipelines of the app; conversions declared as beans join the built-in ones. */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

    @Bean
    SyncPipelines syncPipelines(SyncSettings settings, Environment environment, ResourcePatternResolver resources,
            List<ValueConversion<?, ?>> conversions, MeterRegistry meters, ObjectProvider<ChangeStreams> transports,
            ApplicationEventPublisher events) {
        PipelineFiles files = new PipelineFiles(ValueConversions.discoveredAnd(conversions),
                environment::resolveRequiredPlaceholders);
        // The Kafka transport registers a ChangeStreams that also serves in-process pipelines.
        SyncPipelines pipelines = new SyncPipelines(settings, files, resources,
                transports.getIfAvailable(InProcessStreams::new), meters);
        // A change capture makes to a captured database (opted in) becomes an event; the admin API audits it.
        pipelines.all().forEach(pipeline -> pipeline.onDatabaseChange(events::publishEvent));
        return pipelines;
    }
}
