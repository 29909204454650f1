package dev.strangler.bench.cdc;

import dev.strangler.sync.capture.ChangeCapture;
import dev.strangler.sync.kafka.KafkaChangeStreams;
import dev.strangler.sync.mapping.ColumnMapping;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.TableMapping;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.mapping.TargetTable;
import dev.strangler.sync.mapping.Transport;
import dev.strangler.sync.pipeline.InProcessStreams;
import dev.strangler.sync.pipeline.SyncOptions;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.testsupport.kafka.TestKafka;
import dev.strangler.testsupport.postgres.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.stream.Stream;

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

    /** The narrow table copied as is (same table, same columns), built the way a pipeline file would read. */
    private static PipelineDefinition definition(TestPostgres postgres, String stream, String source, String target) {
        TableName table = TableName.parse("bench_item");
        List<ColumnMapping> columns = Stream.of("id", "name", "amount", "written_at")
                .map(column -> new ColumnMapping(column, column, null)).toList();
        TableMapping copy = new TableMapping(table, List.of("id"),
                List.of(new TargetTable(table, List.of("id"), columns, false, null)));
        return new PipelineDefinition(stream, endpoint(postgres, source), endpoint(postgres, target), List.of(copy),
                Direction.FORWARD, false);
    }

    private static DatabaseEndpoint endpoint(TestPostgres postgres, String database) {
        return new DatabaseEndpoint(postgres.jdbcUrl(database), postgres.username(), postgres.password());
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
