package dev.strangler.sync.pipeline;

import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.PipelineFiles;
import dev.strangler.sync.mapping.Placeholders;
import dev.strangler.sync.mapping.ValueConversions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.time.Duration;

/**
 * Runs the shipped customers pipeline in a JVM of its own, so that a test can kill it with {@code kill -9}. The
 * databases come as system properties named like the sample's placeholders.
 */
public final class PipelineProcess {

    private PipelineProcess() {
    }

    public static void main(String[] args) throws Exception {
        PipelineDefinition definition;
        try (InputStream yaml = PipelineProcess.class.getResourceAsStream("/pipelines/customers.yaml")) {
            definition = new PipelineFiles(ValueConversions.discovered(), Placeholders.from(System::getProperty))
                    .read("pipelines/customers.yaml", yaml);
        }
        SyncPipeline pipeline = new SyncPipeline(definition,
                new SyncOptions(Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofSeconds(60)),
                new InProcessStreams(), new SimpleMeterRegistry());
        pipeline.start();
        System.out.println("RUNNING");
        Thread.currentThread().join();
    }
}
