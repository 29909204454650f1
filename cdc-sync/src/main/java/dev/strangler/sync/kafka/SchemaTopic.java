package dev.strangler.sync.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.jspecify.annotations.Nullable;

/**
 * The applier's view of a stream's schema topic ({@link ChangeTopics#schemaTopic()}): the value schemas by
 * fingerprint, cached. A fingerprint not in the cache makes it read the topic on to its end; capture publishes a
 * schema (and waits for Kafka's acknowledgement) before the first record that uses it, so a fingerprint still missing
 * then means the schema record is gone, and the stream stops naming it. Read without a consumer group (assigned),
 * lazily: a stream whose records all carry their schema inline never opens it. Not thread-safe: one per applier.
 */
final class SchemaTopic implements ChangeRecordCodec.Schemas, AutoCloseable {

    private static final Duration READ_TO_END = Duration.ofSeconds(60);

    private final String topic;
    private final String bootstrapServers;
    private final String clientId;
    private final Map<String, ValueSchema> known = new HashMap<>();
    private final JsonConverter converter = new JsonConverter();
    private @Nullable KafkaConsumer<byte[], byte[]> consumer;

    SchemaTopic(String topic, String bootstrapServers, String clientId) {
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
        this.clientId = clientId;
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "true",
                JsonConverterConfig.REPLACE_NULL_WITH_DEFAULT_CONFIG, "false"), false);
    }

    @Override
    public ValueSchema schema(String fingerprint, ConsumerRecord<?, ?> record) {
        ValueSchema schema = known.get(fingerprint);
        if (schema == null) {
            readToEnd();
            schema = known.get(fingerprint);
            if (schema == null) {
                throw new IllegalStateException("Record " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + " was written with value schema " + fingerprint + ", which the schema "
                        + "topic " + topic + " does not hold (read to its end, " + known.size() + " schemas): was "
                        + "the topic deleted or its cleanup.policy changed from compact? Resync the target from "
                        + "the source.");
            }
        }
        return schema;
    }

    private void readToEnd() {
        KafkaConsumer<byte[], byte[]> consumer = this.consumer;
        if (consumer == null) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            consumer = new KafkaConsumer<>(props);
            this.consumer = consumer;
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TO_END).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), READ_TO_END);
        long deadline = System.nanoTime() + READ_TO_END.toNanos();
        KafkaConsumer<byte[], byte[]> reader = consumer;
        while (ends.entrySet().stream().anyMatch(end -> reader.position(end.getKey()) < end.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Could not read the schema topic " + topic + " to its end "
                        + ends + " within " + READ_TO_END.toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.key() != null && record.value() != null) {
                    String fingerprint = new String(record.key(), StandardCharsets.US_ASCII);
                    known.computeIfAbsent(fingerprint, f -> ValueSchema.read(f, record.value(), converter));
                }
            }
        }
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
