package dev.strangler.sync.kafka;

import dev.strangler.sync.capture.ChangeCapture;
import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.mapping.TableName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.source.SourceRecord;
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
        // A change record carries its Connect schema: ~5 KB of JSON for a row of four columns. With Kafka's default
        // batch.size (16 KB) a batch held 3 of them and a 60,000-row backlog took ~20,000 batches, the broker's
        // request handling the largest CPU cost of the path. Batches of 1 MB, and a linger that lets them fill while
        // the engine batch is being sent: handle() ends every engine batch with flush(), which sends at once
        // whatever lingers, so no change waits for linger.ms.
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
            SourceChange change = codec.decode(record);
            byte[] value = codec.value(record);
            if (change.kind() == SourceChange.Kind.ROW && change.row() != null) {
                String topic = topics.topic(change.row().table());
                sent.add(producer.send(new ProducerRecord<>(topic, (Integer) null, codec.key(record), value,
                        codec.headers(record))));
            }
            else if (change.kind() == SourceChange.Kind.HEARTBEAT || change.kind() == SourceChange.Kind.MARKER) {
                for (Map.Entry<String, Integer> topic : partitions.entrySet()) {
                    for (int partition = 0; partition < topic.getValue(); partition++) {
                        sent.add(producer.send(new ProducerRecord<>(topic.getKey(), partition, (byte[]) null, value,
                                codec.headers(record))));
                    }
                }
            }
            // Anything else (other messages) carries nothing to apply; its offset is flushed with the batch.
        }
        producer.flush();
        for (Future<RecordMetadata> future : sent) {
            future.get(); // throws if Kafka did not take it: the engine stops, nothing of the batch is marked
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /**
     * Creates the topics that do not exist yet ({@code partitionsPerTopic} partitions, the broker's default replication
     * factor: a production cluster sets it, a test broker has 1) and returns each topic's partition count.
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
