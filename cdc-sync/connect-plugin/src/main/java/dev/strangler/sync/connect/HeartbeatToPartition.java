package dev.strangler.sync.connect;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.Transformation;
import org.jspecify.annotations.Nullable;

/**
 * A transform for Debezium's PostgreSQL source: moves a heartbeat message whose prefix names a change topic and one of
 * its partitions ({@code strangler_heartbeat/<topic>/<partition>}) into that partition. The exported source's
 * heartbeat writes one such message for every partition of every change topic, so each partition the sink reads
 * carries a recent WAL position even when no row of it changes: a partition holds its records in WAL order, so once
 * the sink applied a heartbeat at position {@code p} from every partition, everything committed before {@code p} is
 * in the target (the applied position the verifier and {@code strangler status} read). The kit's own Kafka transport
 * publishes its heartbeats to every partition for the same reason. Every other record passes unchanged.
 *
 * @param <R> the record type (source records)
 */
public final class HeartbeatToPartition<R extends ConnectRecord<R>> implements Transformation<R> {

    /** The prefix of a heartbeat addressed to one partition; the export's heartbeat query writes these. */
    public static final String PREFIX = "strangler_heartbeat/";

    @Override
    public R apply(R record) {
        String prefix = messagePrefix(record.value());
        if (prefix == null || !prefix.startsWith(PREFIX)) {
            return record;
        }
        int slash = prefix.lastIndexOf('/');
        if (slash <= PREFIX.length()) {
            return record;
        }
        String topic = prefix.substring(PREFIX.length(), slash);
        int partition;
        try {
            partition = Integer.parseInt(prefix.substring(slash + 1));
        }
        catch (NumberFormatException ex) {
            return record;
        }
        return record.newRecord(topic, partition, record.keySchema(), record.key(), record.valueSchema(),
                record.value(), record.timestamp());
    }

    /** The prefix of a logical decoding message ({@code op} {@code m}); null for any other record. */
    private static @Nullable String messagePrefix(@Nullable Object value) {
        if (!(value instanceof Struct envelope) || envelope.schema().field("op") == null
                || !"m".equals(envelope.getString("op")) || envelope.schema().field("message") == null) {
            return null;
        }
        Struct message = envelope.getStruct("message");
        return message == null ? null : message.getString("prefix");
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // Nothing to configure: the heartbeat's prefix names topic and partition.
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
