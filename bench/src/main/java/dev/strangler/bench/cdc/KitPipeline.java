package dev.strangler.bench.cdc;

import dev.strangler.sync.capture.ChangeCapture;
import dev.strangler.sync.kafka.KafkaChangeStreams;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.PipelineFiles;
import dev.strangler.sync.mapping.Transport;
import dev.strangler.sync.mapping.ValueConversions;
import dev.strangler.sync.pipeline.InProcessStreams;
import dev.strangler.sync.pipeline.SyncOptions;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.testsupport.kafka.TestKafka;
import dev.strangler.testsupport.postgres.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/** The kit's own pipeline (cdc-sync's {@link SyncPipeline}) from the narrow table to its copy, as an app runs it. */
final class KitPipeline extends TargetTableSubject {

    private final String name;
    private final SyncPipeline pipeline;

    private KitPipeline(NarrowTable table, String name, String source, String target, SyncPipeline pipeline) {
        super(table, source, target);
        this.name = name;
        this.pipeline = pipeline;
    }

    /** Starts a pipeline (snapshot, then streaming) from {@code source} to a new target database. */
    static KitPipeline start(NarrowTable table, String stream, String source, boolean kafka) throws Exception {
        String target = table.createTarget("bdst");
        PipelineDefinition definition = definition(table.postgres(), stream, source, target);
        if (kafka) {
            definition = definition.withTransport(Transport.kafka(TestKafka.shared().bootstrapServers(),
                    "strangler.bench." + stream, 3, 1));
        }
        SyncPipeline pipeline = new SyncPipeline(definition, SyncOptions.defaults(),
                kafka ? KafkaChangeStreams.allInOne() : new InProcessStreams(), new SimpleMeterRegistry());
        pipeline.start();
        return new KitPipeline(table, kafka ? "cdc-sync over Kafka" : "cdc-sync in-process", source, target,
                pipeline);
    }

    private static PipelineDefinition definition(TestPostgres postgres, String stream, String source, String target) {
        String yaml = """
                pipeline: %s
                source: { jdbc-url: '%s', username: '%s', password: '%s' }
                target: { jdbc-url: '%s', username: '%s', password: '%s' }
                direction: forward
                auto-start: false
                tables:
                  - source: bench_item
                    key: [id]
                    targets:
                      - table: bench_item
                        key: [id]
                        columns: { id: id, name: name, amount: amount, written_at: written_at }
                """.formatted(stream, postgres.jdbcUrl(source), postgres.username(), postgres.password(),
                postgres.jdbcUrl(target), postgres.username(), postgres.password());
        return new PipelineFiles(ValueConversions.discovered(), UnaryOperator.identity())
                .read("bench-" + stream + ".yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        pipeline.stop();
        PipelineDefinition definition = pipeline.definition();
        try {
            ChangeCapture.dropStream(definition.source(), definition.streamName(Direction.FORWARD));
        }
        catch (Exception ex) {
            throw new IllegalStateException("could not drop the slot of " + definition.name(), ex);
        }
        table.drop(target);
    }
}
