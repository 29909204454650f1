package dev.strangler.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.capture.ChangeCapture;
import dev.strangler.sync.capture.ChangeDecoder;
import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.pipeline.PipelineState;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.PairOfDatabases;
import dev.strangler.testsupport.kafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Value schemas over Kafka: each record names its schema by fingerprint, the schema travels once on the compacted
 * schema topic; records written before, with the schema inline, are still applied; a column added mid-stream is a new
 * schema that the applier reads when it first meets it. Real broker, PostgreSQL and Debezium.
 */
class KafkaValueSchemaIntegrationTests {

    @RegisterExtension
    final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private final CustomerDatabases databases = pair.databases();
    private final PipelineDefinition definition = KafkaPipelines.customersOverKafka(databases, 1);
    private final ChangeTopics topics = ChangeTopics.of(definition, Direction.FORWARD);
    private final String topic = topics.topic(TableName.parse("customers"));

    @Test
    void appliesRecordsWrittenWithTheSchemaInlineAndRecordsNamingItsFingerprintFromTheSamePartition()
            throws Exception {
        long ada = databases.insertLegacyCustomer("Ada", "Berlin");
        databases.insertLegacyCustomer("Bob", null);
        ChangePublisher.ensureTopics(topics, TestKafka.shared().bootstrapServers(), KafkaPipelines.PARTITIONS);
        // The capture of the release before: same stream, slot and stored capture position, the inline format.
        try (InlineSchemaPublisher before = new InlineSchemaPublisher(topics)) {
            ChangeCapture capture = ChangeCapture.startWithRecords(new ChangeCapture.Spec(
                    definition.streamName(Direction.FORWARD), definition.captured(Direction.FORWARD),
                    definition.plan(Direction.FORWARD).capturedTables(), true, PairOfDatabases.FAST.heartbeat(),
                    PairOfDatabases.FAST.poll(), definition.captured(Direction.FORWARD), true), before, failure -> {
                    });
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> before.rows.get() >= 2);
                databases.insertLegacyCustomer("Cleo", "Hamburg");
                await().atMost(Duration.ofSeconds(60)).until(() -> before.rows.get() >= 3);
            }
            finally {
                capture.close();
            }
        }

        SyncPipeline pipeline = pair.pipeline(definition, PairOfDatabases.FAST, KafkaChangeStreams.allInOne());
        pipeline.start();
        databases.run(databases.legacy(), "UPDATE customers SET last_name = 'Lovelace', version = version + 1 "
                + "WHERE id = " + ada);
        databases.insertLegacyCustomer("Dan", "Ulm");
        pipeline.drain(Duration.ofSeconds(30));

        assertThat(pipeline.state()).isEqualTo(PipelineState.RUNNING);
        assertThat(databases.serviceRows()).isEqualTo(databases.legacyRows());
        assertThat(databases.rows(databases.service(), "SELECT family_name FROM customer WHERE id = " + ada))
                .containsExactly(List.of("Lovelace"));
        List<ConsumerRecord<byte[], byte[]>> adas = TopicRecords.readAll(topic).stream()
                .filter(record -> record.key() != null
                        && new String(record.key(), StandardCharsets.UTF_8).equals("{\"id\":" + ada + "}"))
                .toList();
        assertThat(adas).extracting(ConsumerRecord::partition).hasSize(2).containsOnly(adas.get(0).partition());
        assertThat(adas.get(0).headers().lastHeader(ChangeTopics.VALUE_SCHEMA_HEADER)).as("old format").isNull();
        assertThat(adas.get(1).headers().lastHeader(ChangeTopics.VALUE_SCHEMA_HEADER)).as("new format").isNotNull();
    }

    @Test
    void appliesChangesAfterAColumnIsAddedMidStreamUnderTheNewSchemasFingerprint() throws Exception {
        SyncPipeline pipeline = startedAndConverged("Eve", "Bonn");

        databases.run(databases.legacy(), "ALTER TABLE customers ADD COLUMN loyalty_tier varchar(20)");
        databases.run(databases.legacy(), "UPDATE customers SET loyalty_tier = 'gold', first_name = 'Evelyn', "
                + "version = version + 1");
        long finn = databases.insertLegacyCustomer("Finn", "Kiel");
        pipeline.drain(Duration.ofSeconds(30));

        assertThat(pipeline.state()).isEqualTo(PipelineState.RUNNING);
        assertThat(databases.serviceRows()).isEqualTo(databases.legacyRows()).hasSize(2);
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM customer WHERE id = " + finn))
                .isEqualTo(1);
        Set<String> named = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicRecords.readAll(topic)) {
            if (record.key() != null) {
                named.add(new String(record.headers().lastHeader(ChangeTopics.VALUE_SCHEMA_HEADER).value(),
                        StandardCharsets.US_ASCII));
            }
        }
        Map<String, Integer> onSchemaTopic = new HashMap<>();
        TopicRecords.readAll(topics.schemaTopic()).forEach(record -> onSchemaTopic.merge(
                new String(record.key(), StandardCharsets.US_ASCII), 1, Integer::sum));
        assertThat(named).as("row schemas before and after the ALTER").hasSize(2);
        assertThat(onSchemaTopic.keySet()).containsAll(named);
        assertThat(onSchemaTopic.values()).as("each schema published once").containsOnly(1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.shared().bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topics.schemaTopic());
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void stopsNamingTheFingerprintWhenARecordsSchemaIsNotOnTheSchemaTopic() throws Exception {
        SyncPipeline pipeline = startedAndConverged("Gus", "Trier");
        ConsumerRecord<byte[], byte[]> published = TopicRecords.readAll(topic).stream().filter(r -> r.key() != null)
                .findFirst().orElseThrow();
        RecordHeaders headers = new RecordHeaders();
        for (Header header : published.headers()) {
            if (!header.key().equals(ChangeTopics.VALUE_SCHEMA_HEADER)) {
                headers.add(header);
            }
        }
        String unknown = "0123456789abcdef0123456789abcdef";
        headers.add(ChangeTopics.VALUE_SCHEMA_HEADER, unknown.getBytes(StandardCharsets.US_ASCII));
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, published.partition(), published.key(), published.value(),
                    headers)).get();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.state() == PipelineState.FAILED);
        assertThat(pipeline.status().lastError()).contains(unknown).contains(topics.schemaTopic());
    }

    /** Publishes row changes as the Kafka transport did before value schemas had a topic: the schema in each value. */
    private static final class InlineSchemaPublisher implements ChangeCapture.RecordBatchHandler, AutoCloseable {

        final AtomicInteger rows = new AtomicInteger();
        private final ChangeTopics topics;
        private final KafkaProducer<byte[], byte[]> producer = producer();
        private final ChangeDecoder decoder = new ChangeDecoder();
        private final JsonConverter values = converter(true, false);
        private final JsonConverter keys = converter(false, true);
        private final JsonConverter offsets = converter(false, false);

        InlineSchemaPublisher(ChangeTopics topics) {
            this.topics = topics;
        }

        private static JsonConverter converter(boolean schemas, boolean isKey) {
            JsonConverter converter = new JsonConverter();
            converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, Boolean.toString(schemas),
                    JsonConverterConfig.REPLACE_NULL_WITH_DEFAULT_CONFIG, "false"), isKey);
            return converter;
        }

        @Override
        public void handle(List<SourceRecord> records) throws Exception {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            int published = 0;
            for (SourceRecord record : records) {
                SourceChange change = decoder.decode(record.topic(), record.value(), record.sourceOffset());
                if (change.kind() == SourceChange.Kind.ROW && change.row() != null) {
                    RecordHeaders headers = new RecordHeaders();
                    headers.add(ChangeTopics.SOURCE_TOPIC_HEADER, record.topic().getBytes(StandardCharsets.UTF_8));
                    headers.add(ChangeTopics.SOURCE_OFFSET_HEADER,
                            offsets.fromConnectData("offset", null, record.sourceOffset()));
                    sent.add(producer.send(new ProducerRecord<>(topics.topic(change.row().table()), null,
                            keys.fromConnectData(record.topic(), record.keySchema(), record.key()),
                            values.fromConnectData(record.topic(), record.valueSchema(), record.value()),
                            headers)));
                    published++;
                }
            }
            producer.flush();
            for (java.util.concurrent.Future<?> future : sent) {
                future.get();
            }
            rows.addAndGet(published);
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    /**
     * A running pipeline over Kafka whose snapshot of one legacy customer has arrived (the slot exists then: a drain
     * marker written before it would be lost).
     */
    private SyncPipeline startedAndConverged(String name, String city) throws Exception {
        SyncPipeline pipeline = pair.pipeline(definition, PairOfDatabases.FAST, KafkaChangeStreams.allInOne());
        databases.insertLegacyCustomer(name, city);
        pipeline.start();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(databases.serviceRows()).isEqualTo(databases.legacyRows()));
        return pipeline;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.shared().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }
}
