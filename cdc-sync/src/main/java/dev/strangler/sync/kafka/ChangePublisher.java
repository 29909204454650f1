package dev.strangler.sync.kafka;

import dev.strangler.sync.capture.ChangeCapture;
import dev.strangler.sync.capture.ChangeDecoder;
import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.mapping.TableName;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture side of the Kafka transport: publishes each engine batch and returns only when Kafka acknowledged every
 * record of it ({@code acks=all}, idempotent producer), so that the engine marks records processed, flushes their
 * offsets and confirms the slot only for what Kafka holds. A row change goes to its table's topic with the primary
 * key as key (one partition per key: per-key order); a heartbeat or marker goes to every partition of every topic, so
 * that appliers see time pass and a drain marker arrives behind everything published before it, in each partition.
 */
final class ChangePublisher implements ChangeCapture.RecordBatchHandler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangePublisher.class);

    /** The producer's {@code batch.size}: bytes per partition and batch (Kafka's default is 16 KB). */
    static final int BATCH_BYTES = 1024 * 1024;
    /** The producer's {@code linger.ms}; never a delay here, every engine batch ends with a flush. */
    static final int LINGER_MS = 100;

    private final ChangeTopics topics;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ChangeRecordCodec codec = new ChangeRecordCodec();
    private final Map<String, Integer> partitions;
    /** Fingerprints of the schemas this publisher put on the schema topic (acknowledged). */
    private final Set<String> published = new HashSet<>();

    /** @param partitions each topic's partition count (see {@link #ensureTopics}) */
    ChangePublisher(ChangeTopics topics, Map<String, Integer> partitions, String bootstrapServers, String clientId) {
        this.topics = topics;
        this.partitions = Map.copyOf(partitions);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Idempotence keeps order per partition with up to 5 requests in flight.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        // A change record used to carry its Connect schema (~3-5 KB of JSON for a row of four columns): with Kafka's
        // default batch.size (16 KB) a batch held 3 of them and a 60,000-row backlog took ~20,000 batches, the
        // broker's request handling the largest CPU cost of the path. The schema now travels once on the schema
        // topic, but old-format records and wide rows still fill batches. Batches of 1 MB, and a linger that lets
        // them fill while the engine batch is being sent: handle() ends every engine batch with flush(), which sends
        // at once whatever lingers, so no change waits for linger.ms.
        props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(LINGER_MS));
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(BATCH_BYTES));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    @Override
    public void handle(List<SourceRecord> records) throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (SourceRecord record : records) {
            // A TRUNCATE throws here, naming its table: the engine stops before anything of the batch is published.
            ChangeDecoder.Route change = codec.route(record);
            boolean row = change.kind() == SourceChange.Kind.ROW && change.table() != null;
            if (!row && change.kind() != SourceChange.Kind.HEARTBEAT && change.kind() != SourceChange.Kind.MARKER) {
                continue; // other messages carry nothing to apply; their offsets are flushed with the batch
            }
            ValueSchema schema = codec.valueSchema(record);
            if (schema != null && !published.contains(schema.fingerprint())) {
                publish(schema);
            }
            byte @Nullable [] value = codec.value(record);
            if (row) {
                String topic = topics.topic(change.table());
                sent.add(producer.send(new ProducerRecord<>(topic, (Integer) null, codec.key(record), value,
                        codec.headers(record, schema))));
            }
            else {
                for (Map.Entry<String, Integer> topic : partitions.entrySet()) {
                    for (int partition = 0; partition < topic.getValue(); partition++) {
                        sent.add(producer.send(new ProducerRecord<>(topic.getKey(), partition, (byte[]) null, value,
                                codec.headers(record, schema))));
                    }
                }
            }
        }
        producer.flush();
        for (Future<RecordMetadata> future : sent) {
            future.get(); // throws if Kafka did not take it: the engine stops, nothing of the batch is marked
        }
    }

    /**
     * Puts a schema on the schema topic and waits until Kafka acknowledged it ({@code acks=all}), before the first
     * record that names it is even sent: an applier that meets the fingerprint and reads the schema topic to its end
     * finds it. Once per schema version and publisher: a restarted capture publishes its schemas again, which the
     * compacted topic folds into one record per fingerprint.
     */
    private void publish(ValueSchema schema) throws InterruptedException, ExecutionException {
        producer.send(new ProducerRecord<>(topics.schemaTopic(), 0,
                schema.fingerprint().getBytes(StandardCharsets.US_ASCII), schema.json())).get();
        published.add(schema.fingerprint());
        log.info("Published value schema {} ({}, {} bytes) to {}", schema.fingerprint(), schema.schema().name(),
                schema.json().length, topics.schemaTopic());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /**
     * The schema topic: one partition, {@code cleanup.policy=compact}, so that every schema stays as long as records
     * may name it (time retention would delete a schema that older change records still need; compaction only drops
     * a fingerprint's earlier copies, whose bytes are equal). An existing one with another policy is refused.
     */
    private static void ensureSchemaTopic(Admin admin, String topic) throws InterruptedException, ExecutionException {
        NewTopic schemas = new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(schemas)).all().get();
            log.info("Created the compacted schema topic {}", topic);
            return;
        }
        catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create the schema topic " + topic + ": "
                        + ex.getCause().getMessage(), ex.getCause());
            }
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                ConfigEntry policy = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                        .get(TopicConfig.CLEANUP_POLICY_CONFIG);
                if (policy == null || !TopicConfig.CLEANUP_POLICY_COMPACT.equals(policy.value())) {
                    throw new IllegalStateException("The schema topic " + topic + " has cleanup.policy="
                            + (policy == null ? "(unknown)" : policy.value()) + ": it must be compact (and only "
                            + "compact), or schemas that records still name are deleted. Set it with kafka-configs "
                            + "--alter --entity-type topics --entity-name " + topic
                            + " --add-config cleanup.policy=compact");
                }
                return;
            }
            catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw ex;
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * Creates the topics that do not exist yet ({@code partitionsPerTopic} partitions, the broker's default replication
     * factor: a production cluster sets it, a test broker has 1) and the schema topic, and returns each table topic's
     * partition count (the schema topic is not among them: heartbeats and markers do not go there).
     */
    static Map<String, Integer> ensureTopics(ChangeTopics topics, String bootstrapServers, int partitionsPerTopic) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            for (Map.Entry<TableName, String> topic : topics.all().entrySet()) {
                NewTopic newTopic = new NewTopic(topic.getValue(), java.util.Optional.of(partitionsPerTopic),
                        java.util.Optional.empty());
                try {
                    admin.createTopics(List.of(newTopic)).all().get();
                    log.info("Created topic {} ({} partitions) for {}", topic.getValue(), partitionsPerTopic,
                            topic.getKey());
                }
                catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + topic.getValue() + ": "
                                + ex.getCause().getMessage(), ex.getCause());
                    }
                }
            }
            ensureSchemaTopic(admin, topics.schemaTopic());
            Map<String, Integer> counts = new LinkedHashMap<>();
            // A topic just created may not be in the metadata of the broker that answers yet: ask again, a while.
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    admin.describeTopics(topics.all().values()).allTopicNames().get()
                            .forEach((name, description) -> counts.put(name, description.partitions().size()));
                    return counts;
                }
                catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                            || System.nanoTime() > deadline) {
                        throw ex;
                    }
                    Thread.sleep(200);
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", ex);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("Could not describe topics " + topics.all().values() + ": "
                    + ex.getCause().getMessage(), ex.getCause());
        }
    }
}
