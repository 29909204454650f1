package dev.strangler.bench.cdc;

import dev.strangler.sync.capture.ChangeCapture;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.TableName;
import io.debezium.connector.jdbc.JdbcSinkConnectorTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;

/**
 * Debezium's JDBC sink connector ({@code io.debezium:debezium-connector-jdbc}), the peer a user would pick for the
 * apply step, fed the same change stream in-process: the same capture as the kit's ({@link ChangeCapture}, pgoutput,
 * slot, filtered publication), each engine batch handed to the sink task's {@code put} as Kafka Connect would, and
 * marked processed once {@code put} returned. Upsert mode on the record key, deletes on, no schema evolution (the
 * target table exists, with the {@code applied_at} column the lag is read from), {@code batch.size} at Debezium's
 * documented default of 500. Capture stores its own position on flush (as over Kafka): the sink task has no
 * transaction to put it in.
 */
final class JdbcSinkPeer extends TargetTableSubject {

    private final String stream;
    private final DatabaseEndpoint endpoint;
    private final JdbcSinkConnectorTask task = new JdbcSinkConnectorTask();
    private final ChangeCapture capture;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private long offset;

    private JdbcSinkPeer(NarrowTable table, String stream, String source, String target) {
        super(table, source, target);
        this.stream = stream;
        this.endpoint = new DatabaseEndpoint(table.postgres().jdbcUrl(source), table.postgres().username(),
                table.postgres().password());
        task.initialize(new Context());
        task.start(Map.of(
                "connection.url", table.postgres().jdbcUrl(target),
                "connection.username", table.postgres().username(),
                "connection.password", table.postgres().password(),
                "insert.mode", "upsert",
                "primary.key.mode", "record_key",
                "delete.enabled", "true",
                "schema.evolution", "none",
                "batch.size", "500",
                "collection.name.format", NarrowTable.NAME));
        this.capture = ChangeCapture.startWithRecords(new ChangeCapture.Spec(stream, endpoint,
                Set.of(TableName.parse(NarrowTable.NAME)), true, Duration.ofSeconds(5), Duration.ofMillis(10),
                endpoint, true), this::put, error -> {
                    if (error != null) {
                        failure.set(error);
                    }
                });
    }

    /** Starts capturing {@code source}'s narrow table into a new target database through the JDBC sink. */
    static JdbcSinkPeer start(NarrowTable table, String stream, String source) {
        return new JdbcSinkPeer(table, stream, source, table.createTarget("bjdbc"));
    }

    private void put(List<SourceRecord> records) {
        List<SinkRecord> sink = new ArrayList<>(records.size());
        for (SourceRecord record : records) {
            // Heartbeats and logical messages go to other topics; only the table's changes reach the sink.
            if (record.topic().endsWith("." + NarrowTable.NAME) && record.value() != null) {
                sink.add(new SinkRecord(record.topic(), 0, record.keySchema(), record.key(), record.valueSchema(),
                        record.value(), offset++));
            }
        }
        if (!sink.isEmpty()) {
            task.put(sink);
        }
    }

    @Override
    public long awaitArrived(long from, long to, Duration timeout) throws Exception {
        if (failure.get() != null) {
            throw new IllegalStateException("the JDBC sink's capture stopped", failure.get());
        }
        return super.awaitArrived(from, to, timeout);
    }

    @Override
    public String name() {
        return "Debezium → JDBC sink";
    }

    @Override
    public void close() {
        capture.close();
        task.stop();
        try {
            ChangeCapture.dropStream(endpoint, stream);
        }
        catch (Exception ex) {
            throw new IllegalStateException("could not drop the slot of " + stream, ex);
        }
        table.drop(target);
    }

    /** What a sink task may ask of Kafka Connect's worker; nothing here pauses, seeks or reports. */
    private static final class Context implements SinkTaskContext {

        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
        }

        @Override
        public void offset(TopicPartition partition, long offset) {
        }

        @Override
        public void timeout(long timeoutMs) {
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of();
        }

        @Override
        public void pause(TopicPartition... partitions) {
        }

        @Override
        public void resume(TopicPartition... partitions) {
        }

        @Override
        public void requestCommit() {
        }

        /** No Connect worker here, so no plugin metrics; the JDBC sink task ran without them in bench/run. */
        @Override
        public @Nullable PluginMetrics pluginMetrics() {
            return null;
        }
    }
}
