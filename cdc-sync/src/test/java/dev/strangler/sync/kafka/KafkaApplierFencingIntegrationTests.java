package dev.strangler.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.apply.ApplyResult;
import dev.strangler.sync.apply.ChangeApplier;
import dev.strangler.sync.capture.SourcePositions;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.pipeline.InProcessStreams;
import dev.strangler.sync.pipeline.MappedColumns;
import dev.strangler.sync.pipeline.PipelineState;
import dev.strangler.sync.pipeline.StreamObserver;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.PairOfDatabases;
import dev.strangler.testsupport.kafka.TestKafka;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The edges of the applier consumer group over a real in-process Kafka broker, real PostgreSQL and real Debezium: a
 * member replaced while its batch was stalled (a zombie) must not write, and a partition whose first records were
 * deleted by retention before any was applied must stop the stream instead of skipping them.
 */
class KafkaApplierFencingIntegrationTests {

    @RegisterExtension
    final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private final CustomerDatabases databases = pair.databases();
    private final PipelineDefinition definition = KafkaPipelines.customersOverKafka(databases, 1);
    private final String stream = definition.streamName(Direction.FORWARD);
    private final ChangeTopics topics = ChangeTopics.of(definition, Direction.FORWARD);

    @Test
    void aMemberReplacedWhileItsBatchWasStalledWritesNeitherRowsNorOffsets() throws Exception {
        SyncPipeline capture = pipeline(new KafkaChangeStreams(new InProcessStreams(),
                KafkaChangeStreams.KafkaRole.CAPTURE, "capture"));
        databases.insertLegacyCustomer("Seed", "Bonn");
        capture.start();
        ConsumerGroupApplier zombie = member("zombie", new Failures());
        await().atMost(Duration.ofSeconds(60)).until(() -> databases.count(databases.service(),
                "SELECT count(*) FROM customer") == 1);

        // From now on every write says who made it; then the service's customer table is held, so the next batch
        // of the member stalls in its transaction.
        databases.run(databases.service(), "CREATE TABLE writes (application text, written text);"
                + "CREATE FUNCTION note_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "INSERT INTO writes VALUES (current_setting('application_name'), TG_TABLE_NAME); RETURN NULL; END $$;"
                + "CREATE TRIGGER note_customer AFTER INSERT OR UPDATE ON customer FOR EACH ROW "
                + "EXECUTE FUNCTION note_write();"
                + "CREATE TRIGGER note_offset AFTER INSERT OR UPDATE ON " + KafkaOffsets.TABLE
                + " FOR EACH ROW EXECUTE FUNCTION note_write()");
        try (Connection hold = databases.postgres().connect(databases.service())) {
            hold.setAutoCommit(false);
            try (Statement statement = hold.createStatement()) {
                statement.execute("LOCK TABLE customer IN SHARE MODE");
            }
            databases.insertLegacyCustomer("Zed", "Ulm");
            await().atMost(Duration.ofSeconds(60)).until(() -> waitsForALock("strangler-" + stream + "_zombie"));
            // What the zombie wrote while it still owned the partitions (offsets of heartbeats, say) is legitimate;
            // from here on it can only finish its stalled batch, which the fence must refuse. Its writes in that
            // batch are not committed yet, so this does not delete them.
            databases.run(databases.service(), "DELETE FROM writes");

            // The same member starts again elsewhere (static membership): it takes the partitions at once.
            ConsumerGroupApplier replacement = member("replacement", new Failures());
            await().atMost(Duration.ofSeconds(60)).until(replacement::isConsuming);
            hold.commit();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> databases.count(databases.service(),
                "SELECT count(*) FROM customer") == 2);
        // The zombie's stalled transaction went on once the table was free, and ended.
        await().atMost(Duration.ofSeconds(60)).until(() -> isIdle("strangler-" + stream + "_zombie"));
        assertThat(databases.rows(databases.service(), "SELECT DISTINCT application, written FROM writes "
                + "WHERE application LIKE '%zombie%'")).as("writes of the replaced member").isEmpty();
        assertThat(databases.rows(databases.service(), "SELECT DISTINCT application FROM writes"))
                .containsExactly(List.of("strangler-" + stream + "_replacement"));
        zombie.close();
    }

    @Test
    void aPartitionWhoseFirstRecordsWereDeletedBeforeAnyWasAppliedStopsTheStreamNamingIt() throws Exception {
        SyncPipeline published = pipeline(KafkaChangeStreams.allInOne());
        for (int i = 0; i < 6; i++) {
            databases.insertLegacyCustomer("Gone" + i, null);
        }
        published.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> databases.count(databases.service(),
                "SELECT count(*) FROM customer") == 6);
        published.stop();

        // The target loses its offsets (e.g. a new service database) and retention deletes the start of a partition.
        databases.run(databases.service(), "DELETE FROM " + KafkaOffsets.TABLE);
        String topic = topics.topic(dev.strangler.sync.mapping.TableName.parse("customers"));
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.shared().bootstrapServers()))) {
            long end = admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .partitionResult(partition).get().offset();
            assertThat(end).as("records in partition 0").isPositive();
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(end))).all().get();
        }

        SyncPipeline pipeline = pipeline(new KafkaChangeStreams(new InProcessStreams(),
                KafkaChangeStreams.KafkaRole.APPLY, "local"));
        pipeline.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.state() == PipelineState.FAILED);
        assertThat(pipeline.status().lastError()).contains("Partition 0 of topic " + topic)
                .contains("log starts at offset ").contains("Resync");
    }

    private SyncPipeline pipeline(KafkaChangeStreams streams) {
        return pair.pipeline(definition, PairOfDatabases.FAST, streams);
    }

    /** A member of the stream's group, named {@code local} like the shipped default, with an applier of its own. */
    private ConsumerGroupApplier member(String session, StreamObserver observer) throws Exception {
        Map<String, Integer> partitions = ChangePublisher.ensureTopics(topics, TestKafka.shared().bootstrapServers(),
                KafkaPipelines.PARTITIONS);
        try (Connection connection = databases.postgres().connect(databases.service())) {
            KafkaOffsets.createIfAbsent(connection);
            SourcePositions.createIfAbsent(connection);
        }
        ChangeApplier applier = new ChangeApplier(stream + "_" + session, definition.target(),
                definition.plan(Direction.FORWARD), false);
        applier.open();
        ConsumerGroupApplier member = new ConsumerGroupApplier(Direction.FORWARD, topics,
                TestKafka.shared().bootstrapServers(), stream + "_local_0", definition.target(), applier,
                new DrainMarkers(partitions), observer, new MappedColumns(definition, Direction.FORWARD), stream,
                partitions.values().stream().mapToInt(Integer::intValue).sum());
        pair.closeAfter(member);
        member.start();
        return member;
    }

    private boolean waitsForALock(String application) {
        return databases.count(databases.service(), "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                + application + "' AND wait_event_type = 'Lock'") > 0;
    }

    private boolean isIdle(String application) {
        return databases.count(databases.service(), "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                + application + "' AND state = 'idle'") > 0;
    }

    private static final class Failures implements StreamObserver {

        final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

        @Override
        public void batchApplied(Direction direction, ApplyResult result, Duration took) {
        }

        @Override
        public void failed(Direction direction, Throwable failure) {
            this.failure.compareAndSet(null, failure);
        }
    }
}
