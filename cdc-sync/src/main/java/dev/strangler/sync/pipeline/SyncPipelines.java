package dev.strangler.sync.pipeline;

import dev.strangler.sync.mapping.PipelineConfigException;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.PipelineFiles;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * The pipelines of this app, read from the configured YAML files at start-up (a bad file stops start-up with the
 * file, key and reason) and started if {@code auto-start}. A pipeline that cannot start (its database is down) is
 * FAILED and reported by health, and does not stop the app.
 */
public final class SyncPipelines implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SyncPipelines.class);

    private final Map<String, SyncPipeline> pipelines = new LinkedHashMap<>();
    private final Duration maxLag;
    private volatile boolean running;

    SyncPipelines(SyncSettings settings, PipelineFiles files, ResourcePatternResolver resources,
            ChangeStreams streams, MeterRegistry meters) {
        this.maxLag = settings.maxLag();
        for (String pattern : settings.pipelines()) {
            Resource[] found;
            try {
                found = resources.getResources(pattern);
            }
            catch (IOException ex) {
                throw new PipelineConfigException(pattern, "strangler.sync.pipelines", "cannot be read: " + ex);
            }
            for (Resource resource : found) {
                String file = resource.getDescription();
                PipelineDefinition definition;
                try (InputStream yaml = resource.getInputStream()) {
                    definition = files.read(file, yaml);
                }
                catch (IOException ex) {
                    throw new PipelineConfigException(file, "(document)", "cannot be read: " + ex.getMessage());
                }
                if (pipelines.containsKey(definition.name())) {
                    throw new PipelineConfigException(file, "pipeline",
                            "'" + definition.name() + "' is already defined by another file");
                }
                pipelines.put(definition.name(),
                        new SyncPipeline(definition, settings.options(), streams, meters));
            }
        }
        log.info("Pipelines configured: {}", pipelines.keySet());
    }

    public Collection<SyncPipeline> all() {
        return pipelines.values();
    }

    public Optional<SyncPipeline> named(String name) {
        return Optional.ofNullable(pipelines.get(name));
    }

    public Duration maxLag() {
        return maxLag;
    }

    @Override
    public void start() {
        for (SyncPipeline pipeline : pipelines.values()) {
            if (pipeline.definition().autoStart()) {
                try {
                    pipeline.start();
                }
                catch (SyncPipeline.RunsElsewhereException ex) {
                    // Not a failure: another engine runs it (its status says where).
                    log.warn(ex.getMessage());
                }
                catch (Exception ex) {
                    pipeline.markFailed("start failed: " + ex.getMessage());
                    log.error("Pipeline {} could not start", pipeline.name(), ex);
                }
            }
            else {
                pipeline.readWhereItRuns();
            }
        }
        running = true;
    }

    @Override
    public void stop() {
        pipelines.values().forEach(SyncPipeline::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
