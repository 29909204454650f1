package dev.strangler.sync.kafka;

import static dev.strangler.sync.verify.assertj.VerifierAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.pipeline.PipelineState;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.PairOfDatabases;
import dev.strangler.sync.verify.Verifier;
import dev.strangler.testsupport.kafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The customers pipeline over a real in-process Kafka broker (KRaft), real PostgreSQL and real Debezium: snapshot and
 * streaming through one topic per table to two appliers in a consumer group, with the split mapping.
 */
class KafkaTransportIntegrationTests {

    @RegisterExtension
    final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private final CustomerDatabases databases = pair.databases();
    private final PipelineDefinition definition = KafkaPipelines.customersOverKafka(databases, 2);
    private final Verifier verifier = pair.closeAfter(new Verifier(definition));
    private final SyncPipeline pipeline = pair.pipeline(definition, PairOfDatabases.FAST,
            KafkaChangeStreams.allInOne());

    @Test
    void carriesTheSnapshotAndStreamedInsertsUpdatesAndDeletesThroughKafkaIntoTheSplitTables() throws Exception {
        long withAddress = databases.insertLegacyCustomer("Ada", "Berlin");
        long withoutAddress = databases.insertLegacyCustomer("Bob", null);

        pipeline.start();
        awaitConverged();
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM customer_address")).isEqualTo(1);

        long streamed = databases.insertLegacyCustomer("Cleo", "Hamburg");
        databases.run(databases.legacy(), "UPDATE customers SET last_name = 'Lovelace', city = NULL, street = NULL, "
                + "postal_code = NULL, country = NULL, version = version + 1 WHERE id = " + withAddress);
        databases.run(databases.legacy(), "DELETE FROM customers WHERE id = " + withoutAddress);
        pipeline.drain(Duration.ofSeconds(30));

        assertThat(databases.serviceRows()).isEqualTo(databases.legacyRows());
        assertThat(databases.rows(databases.service(), "SELECT family_name, revision FROM customer WHERE id = "
                + withAddress)).containsExactly(List.of("Lovelace", "1"));
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM customer_address WHERE customer_id = "
                + withAddress)).isZero();
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM customer WHERE id = " + streamed))
                .isEqualTo(1);
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM customer WHERE id = " + withoutAddress))
                .isZero();
    }

    @Test
    void keysEachRowsChangesToOnePartitionAndKeepsConsumerOffsetsInTheTargetDatabaseOnly() throws Exception {
        startStreaming();
        long id = databases.insertLegacyCustomer("Key", "Jena");
        for (int i = 0; i < 5; i++) {
            databases.run(databases.legacy(), "UPDATE customers SET phone = '" + i + "', version = version + 1 "
                    + "WHERE id = " + id);
        }
        for (int i = 0; i < 10; i++) {
            databases.insertLegacyCustomer("Other" + i, i % 2 == 0 ? "Ulm" : null);
        }
        databases.run(databases.legacy(), "DELETE FROM customers WHERE id = " + id);
        pipeline.drain(Duration.ofSeconds(30));
        assertThat(databases.serviceRows()).isEqualTo(databases.legacyRows());

        ChangeTopics topics = ChangeTopics.of(definition, Direction.FORWARD);
        String topic = topics.topic(TableName.parse("customers"));
        assertThat(topic).isEqualTo(KafkaPipelines.topicPrefix(databases) + ".forward.public.customers");
        Map<String, Set<Integer>> partitionsByKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicRecords.readAll(topic)) {
            if (record.key() != null) {
                partitionsByKey.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8),
                        k -> new HashSet<>()).add(record.partition());
            }
        }
        assertThat(partitionsByKey).hasSize(12).containsKey("{\"id\":" + id + "}");
        assertThat(partitionsByKey.values()).allSatisfy(partitions -> assertThat(partitions).hasSize(1));

        Map<Integer, Long> stored = new HashMap<>();
        databases.rows(databases.service(), "SELECT topic_partition, next_offset FROM strangler_sync_kafka_offset "
                + "WHERE consumer_group = '" + topics.consumerGroup() + "' AND topic = '" + topic + "'")
                .forEach(row -> stored.put(Integer.valueOf(row.get(0)), Long.valueOf(row.get(1))));
        Map<Integer, Long> ends = TopicRecords.endOffsets(topic);
        // Drained: every partition was applied (heartbeats may have been added since).
        assertThat(stored.keySet()).isEqualTo(ends.keySet());
        stored.forEach((partition, next) -> assertThat(next).isPositive().isLessThanOrEqualTo(ends.get(partition)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.shared().bootstrapServers()))) {
            assertThat(admin.listConsumerGroupOffsets(topics.consumerGroup()).partitionsToOffsetAndMetadata().get())
                    .isEmpty();
        }
    }

    @Test
    void storesTheAppliedSourcePositionForTheVerifiersLagAwareRecheck() throws Exception {
        startStreaming();
        databases.insertLegacyCustomer("Pos", "Jena");
        long written = databases.count(databases.legacy(), "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint");
        pipeline.drain(Duration.ofSeconds(30));

        // Every partition got past the drain marker; the stored position is the lowest of them.
        String stream = definition.streamName(Direction.FORWARD);
        await().atMost(Duration.ofSeconds(30)).until(() -> databases.count(databases.service(),
                "SELECT coalesce(max((source_offset::json->>'lsn')::bigint), -1) FROM strangler_sync_position "
                        + "WHERE stream = '" + stream + "' AND NOT snapshot") >= written);
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM strangler_sync_kafka_offset "
                + "WHERE newest_lsn IS NULL")).isZero();
        assertThat(verifier.verify(Direction.FORWARD)).isInSync();
    }

    @Test
    void stopsNamingTheTableWhenTheSourceIsTruncatedInsteadOfPublishingPastIt() throws Exception {
        startStreaming();

        databases.run(databases.legacy(), "TRUNCATE customers CASCADE");
        long after = databases.insertLegacyCustomer("AfterTruncate", null);
        await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.state() == PipelineState.FAILED || databases
                .count(databases.service(), "SELECT count(*) FROM customer WHERE id = " + after) == 1);

        assertThat(pipeline.state()).isEqualTo(PipelineState.FAILED);
        assertThat(pipeline.status().lastError()).contains("TRUNCATE of public.customers", "resync");
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM customer")).isEqualTo(1);
    }

    @Test
    void makesEachInsertVisibleInTheServiceOneAfterAnotherThroughKafka() throws Exception {
        startStreaming();
        List<Long> latenciesMicros = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long started = System.nanoTime();
            long id = databases.insertLegacyCustomer("Lat" + i, "Essen");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1)).until(() -> databases
                    .count(databases.service(), "SELECT count(*) FROM customer WHERE id = " + id) == 1);
            latenciesMicros.add((System.nanoTime() - started) / 1000);
        }
        Collections.sort(latenciesMicros);
        // Reported, not asserted: the figure depends on the machine. See README "Kafka transport".
        LoggerFactory.getLogger(getClass()).info("Insert to visible in the service through Kafka: median {} ms, "
                + "max {} ms", latenciesMicros.get(latenciesMicros.size() / 2) / 1000.0,
                latenciesMicros.get(latenciesMicros.size() - 1) / 1000.0);
        assertThat(databases.serviceRows()).isEqualTo(databases.legacyRows());
    }

    /** Starts the pipeline and waits until its slot streams (a row written before may come with the snapshot). */
    private void startStreaming() throws Exception {
        databases.insertLegacyCustomer("Seed", "Bonn");
        pipeline.start();
        awaitConverged();
        pipeline.drain(Duration.ofSeconds(30));
    }

    private void awaitConverged() {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(databases.serviceRows()).isEqualTo(databases.legacyRows()));
    }
}
