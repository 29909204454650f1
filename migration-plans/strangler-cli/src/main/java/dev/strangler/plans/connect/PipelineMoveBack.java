package dev.strangler.plans.connect;

import dev.strangler.plans.runner.Engines;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves a pipeline that runs on a Kafka Connect cluster ({@link PipelineMove}) back into cdc-sync without a new
 * snapshot: the source connector stops (its last offset committed), the sink applies everything the source sent
 * (its stored offsets reach the end of every partition of its topics, read from Kafka), the sink stops, and the
 * source's Debezium offset goes where cdc-sync's pipeline resumes from ({@code strangler_sync_position}), with the
 * last row the sink applied as the skip key; then cdc-sync clears the move record and starts the pipeline, and both
 * connectors are deleted. Debezium in cdc-sync reads the same slot from where Debezium on Connect stopped, so no
 * write is lost, and none is applied twice.
 *
 * <p>Everything that can be checked is checked before anything changes (Connect and Kafka answer, cdc-sync says the
 * pipeline runs on Connect in that direction, both connectors exist). A step that fails after the source stopped is
 * undone: the stored position is put back, cdc-sync records the move again, and both connectors resume.
 */
public final class PipelineMoveBack {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration STOP = Duration.ofSeconds(90);
    private static final Duration DRAIN = Duration.ofMinutes(5);
    private static final Duration KAFKA = Duration.ofSeconds(30);

    private final ConnectCluster cluster;
    private final Engines engines;
    private final String kafka;
    private final String actor;
    private final Consumer<String> progress;

    /**
     * @param kafka the bootstrap servers of the cluster's Kafka, where the move reads how far the sink's topics go
     */
    public PipelineMoveBack(ConnectCluster cluster, Engines engines, String kafka, String actor,
            Consumer<String> progress) {
        this.cluster = cluster;
        this.engines = engines;
        this.kafka = kafka;
        this.actor = actor;
        this.progress = progress;
    }

    /**
     * @param connectors the source and the sink, as {@link ConnectorConfigs#of} writes them
     * @throws IllegalStateException naming what is wrong; nothing changed, or what changed was undone
     */
    public void moveBack(String pipeline, String direction, List<ConnectorConfigs.Connector> connectors,
            ConnectorConfigs.Databases databases) {
        ConnectorConfigs.Connector source = connectors.get(0);
        ConnectorConfigs.Connector sink = connectors.get(1);
        cluster.requireAnswers();
        Engines.PipelineView view = engines.pipeline(pipeline).orElseThrow(() -> new IllegalStateException(
                "cdc-sync has no pipeline '" + pipeline + "'. Nothing changed"));
        if (!view.state().equals("ON_CONNECT")) {
            throw new IllegalStateException("Pipeline '" + pipeline + "' does not run on Kafka Connect (state "
                    + view.state() + " in cdc-sync): --back-to-running brings back a pipeline that --from-running "
                    + "moved. Nothing changed");
        }
        if (!view.direction().equalsIgnoreCase(direction)) {
            throw new IllegalStateException("Pipeline '" + pipeline + "' runs " + view.direction() + " on Kafka "
                    + "Connect, not " + direction + ". Nothing changed");
        }
        for (ConnectorConfigs.Connector connector : connectors) {
            if (!cluster.exists(connector.name())) {
                throw new IllegalStateException("Connector " + connector.name() + " does not exist on " + cluster.url()
                        + ". Nothing changed");
            }
        }
        String group = "connect-" + sink.name();
        List<String> topics = List.of(sink.config().get("topics").split(","));
        Properties settings = new Properties();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA.toMillis());
        try (Admin admin = Admin.create(settings)) {
            endOffsets(admin, topics); // Kafka answers, before anything changes
            List<String> stopped = new ArrayList<>();
            @Nullable StoredPosition replaced = null;
            boolean cleared = false;
            try {
                // Listed before the call: a stop that times out may still take effect, and resuming a running
                // connector changes nothing.
                stopped.add(source.name());
                cluster.stop(source.name(), STOP);
                Map<String, Object> offset = cluster.sourceOffset(source.name(),
                        Map.of("server", source.config().get("topic.prefix")));
                progress.accept("stopped " + source.name() + " at LSN " + offset.get("lsn"));
                Map<TopicPartition, Long> ends = endOffsets(admin, topics);
                awaitApplied(databases, group, ends);
                progress.accept("the sink applied every record the source sent ("
                        + ends.values().stream().mapToLong(Long::longValue).sum() + " in " + ends.size()
                        + " partitions)");
                stopped.add(sink.name());
                cluster.stop(sink.name(), STOP);
                PipelineMove.awaitSlotReleased(databases, source.config().get("slot.name"));
                replaced = writePosition(databases, group, offset);
                String reason = "moved back from Kafka Connect at " + cluster.url();
                engines.pipelineRunsInSync(pipeline, reason, actor);
                cleared = true;
                engines.startPipeline(pipeline, reason, actor);
            }
            catch (RuntimeException ex) {
                undo(pipeline, connectors, databases, stopped, replaced, cleared, ex);
                throw new IllegalStateException("Moving pipeline '" + pipeline + "' back from Kafka Connect failed "
                        + "and was undone (" + (replaced == null ? "" : "its stored position put back, ")
                        + (cleared ? "cdc-sync told again that it runs on Kafka Connect, " : "")
                        + (stopped.isEmpty() ? "nothing stopped" : "connectors " + stopped + " resumed") + "): "
                        + ex.getMessage(), ex);
            }
        }
        progress.accept("started " + pipeline + " in cdc-sync at the source's offset; deleting " + source.name()
                + " and " + sink.name());
        for (ConnectorConfigs.Connector connector : connectors) {
            try {
                cluster.delete(connector.name());
            }
            catch (RuntimeException ex) {
                // The pipeline runs in cdc-sync; a stopped connector left behind reads nothing.
                progress.accept("could not delete " + connector.name() + " (it stays STOPPED; delete it with "
                        + "DELETE " + cluster.url() + "connectors/" + connector.name() + "): " + ex.getMessage());
            }
        }
    }

    private void undo(String pipeline, List<ConnectorConfigs.Connector> connectors,
            ConnectorConfigs.Databases databases, List<String> stopped, @Nullable StoredPosition replaced,
            boolean cleared, RuntimeException cause) {
        String reason = "move back from Kafka Connect failed: " + cause.getMessage();
        if (cleared) {
            try {
                engines.pipelineRunsOnConnect(pipeline, cluster.url(),
                        connectors.stream().map(ConnectorConfigs.Connector::name).toList(), reason, actor);
            }
            catch (RuntimeException ex) {
                cause.addSuppressed(ex);
            }
        }
        if (replaced != null) {
            try {
                replaced.restore(databases);
            }
            catch (RuntimeException ex) {
                cause.addSuppressed(ex);
            }
        }
        // The sink first: it applies what the source sends once it resumes.
        for (int i = stopped.size() - 1; i >= 0; i--) {
            try {
                cluster.resume(stopped.get(i));
            }
            catch (RuntimeException ex) {
                cause.addSuppressed(ex);
            }
        }
    }

    /** The end offset of every partition of {@code topics}: where a sink that applied everything stands. */
    private Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) {
        try {
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                    .get(KAFKA.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            described.values().forEach(topic -> topic.partitions().forEach(partition -> latest.put(
                    new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
            return admin.listOffsets(latest).all().get(KAFKA.toMillis(), TimeUnit.MILLISECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("Cannot read the end offsets of " + topics + " from Kafka at " + kafka
                    + ": " + ex, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading offsets from Kafka", ex);
        }
    }

    /**
     * Waits until the sink's offsets stored with its rows ({@code strangler_sync_kafka_offset}) reach {@code ends}:
     * every record the source sent is applied.
     */
    private static void awaitApplied(ConnectorConfigs.Databases databases, String group, Map<TopicPartition, Long> ends) {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        try (Connection connection = databases.applied().connect();
                PreparedStatement query = connection.prepareStatement("SELECT topic, topic_partition, next_offset "
                        + "FROM public.strangler_sync_kafka_offset WHERE consumer_group = ?")) {
            query.setString(1, group);
            while (true) {
                Map<TopicPartition, Long> applied = new HashMap<>();
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        applied.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                    }
                }
                List<String> behind = ends.entrySet().stream()
                        .filter(end -> applied.getOrDefault(end.getKey(), 0L) < end.getValue())
                        .map(end -> end.getKey() + " at " + applied.getOrDefault(end.getKey(), 0L) + " of "
                                + end.getValue()).toList();
                if (behind.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The sink did not apply everything the source sent within " + DRAIN
                            + ": " + behind);
                }
                Thread.sleep(200);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot read the sink's offsets from " + databases.applied().jdbcUrl()
                    + ": " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the sink", ex);
        }
    }

    /**
     * Stores the source's Debezium offset as the stream's position, where cdc-sync's capture resumes, with the last
     * row the sink applied (the newest over its partitions) as the skip key: a change Debezium sends again is skipped.
     * One transaction; returns what it replaced.
     */
    private static StoredPosition writePosition(ConnectorConfigs.Databases databases, String group,
            Map<String, Object> offset) {
        try (Connection connection = databases.applied().connect()) {
            connection.setAutoCommit(false);
            StoredPosition old = StoredPosition.read(connection, databases.stream());
            Long commitLsn = old.commitLsn();
            Long lsn = old.lsn();
            try (PreparedStatement newest = connection.prepareStatement("SELECT commit_lsn, event_lsn FROM "
                    + "public.strangler_sync_kafka_offset WHERE consumer_group = ? AND commit_lsn IS NOT NULL "
                    + "ORDER BY commit_lsn DESC, event_lsn DESC NULLS LAST LIMIT 1")) {
                newest.setString(1, group);
                try (ResultSet rs = newest.executeQuery()) {
                    if (rs.next()) {
                        commitLsn = rs.getObject(1, Long.class);
                        lsn = rs.getObject(2, Long.class);
                    }
                }
            }
            new StoredPosition(databases.stream(), true, JSON.writeValueAsString(offset), commitLsn, lsn)
                    .write(connection);
            connection.commit();
            return old;
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot store the position of stream " + databases.stream() + " in "
                    + databases.applied().jdbcUrl() + ": " + ex.getMessage(), ex);
        }
    }

    /** A stream's row of {@code strangler_sync_position} ({@code present} false when it had none). */
    private record StoredPosition(String stream, boolean present, @Nullable String offset, @Nullable Long commitLsn,
            @Nullable Long lsn) {

        static StoredPosition read(Connection connection, String stream) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement("SELECT source_offset, commit_lsn, event_lsn "
                    + "FROM public.strangler_sync_position WHERE stream = ? FOR UPDATE")) {
                select.setString(1, stream);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? new StoredPosition(stream, true, rs.getString(1), rs.getObject(2, Long.class),
                            rs.getObject(3, Long.class)) : new StoredPosition(stream, false, null, null, null);
                }
            }
        }

        void write(Connection connection) throws SQLException {
            if (!present) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM public.strangler_sync_position WHERE stream = ?")) {
                    delete.setString(1, stream);
                    delete.executeUpdate();
                }
                return;
            }
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO public.strangler_sync_position "
                    + "(stream, source_offset, commit_lsn, event_lsn, snapshot, updated_at) VALUES (?, ?, ?, ?, false, "
                    + "now()) ON CONFLICT (stream) DO UPDATE SET source_offset = EXCLUDED.source_offset, commit_lsn = "
                    + "EXCLUDED.commit_lsn, event_lsn = EXCLUDED.event_lsn, snapshot = false, updated_at = now()")) {
                upsert.setString(1, stream);
                upsert.setString(2, offset);
                setLong(upsert, 3, commitLsn);
                setLong(upsert, 4, lsn);
                upsert.executeUpdate();
            }
        }

        /** Puts this row back, as it was before the move changed it. */
        void restore(ConnectorConfigs.Databases databases) {
            try (Connection connection = databases.applied().connect()) {
                write(connection);
            }
            catch (SQLException ex) {
                throw new IllegalStateException("Cannot put back the position of stream " + stream + ": "
                        + ex.getMessage(), ex);
            }
        }

        private static void setLong(PreparedStatement statement, int index, @Nullable Long value) throws SQLException {
            if (value == null) {
                statement.setNull(index, Types.BIGINT);
            }
            else {
                statement.setLong(index, value);
            }
        }
    }
}
