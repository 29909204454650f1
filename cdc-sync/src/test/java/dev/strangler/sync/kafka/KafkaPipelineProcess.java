package dev.strangler.sync.kafka;

import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.PipelineFiles;
import dev.strangler.sync.mapping.Placeholders;
import dev.strangler.sync.mapping.Transport;
import dev.strangler.sync.mapping.ValueConversions;
import dev.strangler.sync.pipeline.InProcessStreams;
import dev.strangler.sync.pipeline.SyncOptions;
import dev.strangler.sync.pipeline.SyncPipeline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.time.Duration;

/**
 * Runs one role (capture or apply) of the shipped customers pipeline over Kafka in a JVM of its own, so that a test
 * can kill it with {@code kill -9}. Databases come as system properties named like the sample's placeholders, the
 * broker and topic prefix as {@code kafka.bootstrap-servers} and {@code kafka.topic-prefix}; the role is the argument.
 */
public final class KafkaPipelineProcess {

    private KafkaPipelineProcess() {
    }

    public static void main(String[] args) throws Exception {
        PipelineDefinition definition;
        try (InputStream yaml = KafkaPipelineProcess.class.getResourceAsStream("/pipelines/customers.yaml")) {
            definition = new PipelineFiles(ValueConversions.discovered(), Placeholders.from(System::getProperty))
                    .read("pipelines/customers.yaml", yaml);
        }
        definition = definition.withTransport(Transport.kafka(System.getProperty("kafka.bootstrap-servers"),
                System.getProperty("kafka.topic-prefix"), KafkaPipelines.PARTITIONS, 1));
        KafkaChangeStreams.KafkaRole role = KafkaChangeStreams.KafkaRole.valueOf(args[0]);
        SyncPipeline pipeline = new SyncPipeline(definition,
                new SyncOptions(Duration.ofMillis(500), Duration.ofMillis(10), Duration.ofSeconds(60)),
                new KafkaChangeStreams(new InProcessStreams(), role, "proc"), new SimpleMeterRegistry());
        pipeline.start();
        System.out.println("RUNNING " + role);
        Thread.currentThread().join();
    }
}
