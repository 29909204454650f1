package dev.strangler.sync.kafka;

import dev.strangler.sync.apply.ChangeApplier;
import dev.strangler.sync.capture.ChangeCapture;
import dev.strangler.sync.capture.SourcePositions;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.Transport;
import dev.strangler.sync.pipeline.ChangeStream;
import dev.strangler.sync.pipeline.ChangeStreams;
import dev.strangler.sync.pipeline.InProcessStreams;
import dev.strangler.sync.pipeline.MappedColumns;
import dev.strangler.sync.pipeline.StreamObserver;
import dev.strangler.sync.pipeline.SyncOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens each pipeline's streams over the transport its definition names: in-process, or Kafka. With Kafka, a process
 * runs capture, appliers or both ({@link KafkaRole}): capture on one machine, appliers as a consumer group on others.
 *
 * <p>Exactly once with Kafka: capture confirms a batch to Debezium only after Kafka acknowledged all of it, so the
 * capture position (stored in the captured database) and the slot never pass an unpublished change; a change
 * published again after a capture restart sits behind its first copy in the same partition and is recognised by its
 * source position; appliers store partition offsets with the rows in one target transaction and seek to them.
 */
public final class KafkaChangeStreams implements ChangeStreams {

    private static final Logger log = LoggerFactory.getLogger(KafkaChangeStreams.class);

    private final ChangeStreams inProcess;
    private final KafkaRole role;
    private final String member;

    /**
     * @param role what this process runs of a Kafka pipeline
     * @param member this process's name among the appliers of a group (e.g. the host name); unique per process
     */
    public KafkaChangeStreams(ChangeStreams inProcess, KafkaRole role, String member) {
        this.inProcess = inProcess;
        this.role = role;
        this.member = member;
    }

    /** Both roles, in-process pipelines as before: for a single process and for tests. */
    public static KafkaChangeStreams allInOne() {
        return new KafkaChangeStreams(new InProcessStreams(), KafkaRole.BOTH, "local");
    }

    @Override
    public ChangeStream open(PipelineDefinition pipeline, Direction direction, boolean snapshot, SyncOptions options,
            StreamObserver observer) throws Exception {
        Transport transport = pipeline.transport();
        if (transport.kind() != Transport.Kind.KAFKA) {
            return inProcess.open(pipeline, direction, snapshot, options, observer);
        }
        String stream = pipeline.streamName(direction);
        ChangeTopics topics = ChangeTopics.of(pipeline, direction);
        Map<String, Integer> partitions = ChangePublisher.ensureTopics(topics, transport.bootstrapServers(),
                transport.partitions());
        KafkaStream opened = new KafkaStream(direction, stream, pipeline);
        try {
            if (role.applies()) {
                createPositionTables(pipeline.applied(direction));
                DrainMarkers markers = new DrainMarkers(partitions);
                for (int i = 0; i < transport.appliers(); i++) {
                    // One replication origin per applier session (an origin can be held by one session only).
                    String name = stream + "_" + member + "_" + i;
                    ChangeApplier applier = new ChangeApplier(name, pipeline.applied(direction),
                            pipeline.plan(direction), false);
                    applier.open();
                    ConsumerGroupApplier consumer = new ConsumerGroupApplier(direction, topics,
                            transport.bootstrapServers(), name, pipeline.applied(direction), applier, markers,
                            observer, new MappedColumns(pipeline, direction), stream,
                            partitions.values().stream().mapToInt(Integer::intValue).sum());
                    opened.appliers.add(consumer);
                    consumer.start();
                }
            }
            if (role.captures()) {
                ChangePublisher publisher = new ChangePublisher(topics, partitions, transport.bootstrapServers(),
                        stream + "_" + member);
                opened.publisher = publisher;
                // The capture position has no target transaction to live in: it is stored when Debezium flushes
                // offsets, i.e. only for records Kafka acknowledged. It lives next to the slot, in the captured database.
                ChangeCapture.Spec spec = new ChangeCapture.Spec(stream, pipeline.captured(direction),
                        pipeline.plan(direction).capturedTables(), snapshot, options.heartbeat(), options.poll(),
                        pipeline.captured(direction), true, options.restartBackoff());
                opened.capture = ChangeCapture.startWithRecords(spec, publisher, failure -> {
                    if (failure != null) {
                        observer.failed(direction, failure);
                    }
                });
            }
            log.info("Stream {} runs over Kafka ({}): topics {}, group {}", stream, role, topics.all().values(),
                    topics.consumerGroup());
            return opened;
        }
        catch (Exception | Error ex) {
            opened.close();
            throw ex;
        }
    }

    private static void createPositionTables(DatabaseEndpoint target) throws SQLException {
        try (Connection connection = target.connect()) {
            KafkaOffsets.createIfAbsent(connection);
            SourcePositions.createIfAbsent(connection);
        }
    }

    /** What a process runs of a Kafka pipeline. */
    public enum KafkaRole {
        /** Capture and appliers. */
        BOTH,
        /** Only capture: publishes to the topics. */
        CAPTURE,
        /** Only appliers: members of the consumer group. */
        APPLY;

        boolean captures() {
            return this != APPLY;
        }

        boolean applies() {
            return this != CAPTURE;
        }
    }

    private static final class KafkaStream implements ChangeStream {

        private final Direction direction;
        private final String stream;
        private final PipelineDefinition pipeline;
        private final List<ConsumerGroupApplier> appliers = new ArrayList<>();
        private @Nullable ChangePublisher publisher;
        private @Nullable ChangeCapture capture;
        private boolean closed;

        KafkaStream(Direction direction, String stream, PipelineDefinition pipeline) {
            this.direction = direction;
            this.stream = stream;
            this.pipeline = pipeline;
        }

        @Override
        public Direction direction() {
            return direction;
        }

        @Override
        public boolean isStreaming() {
            boolean captureStreams = capture == null || capture.isStreaming();
            return captureStreams && appliers.stream().allMatch(ConsumerGroupApplier::isConsuming);
        }

        /** Only the appliers' side writes; a capture-only process has nothing to advance. */
        @Override
        public void advanceIdentitySequences() throws SQLException {
            if (!appliers.isEmpty()) {
                appliers.get(0).advanceIdentitySequences();
            }
        }

        /** Every applier of this process; a switch runs where all of a stream's appliers run (see drain). */
        @Override
        public void holdIdentitySequences(boolean hold) {
            appliers.forEach(applier -> applier.holdIdentitySequences(hold));
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            // Capture first: what it published last is then still applied by the appliers while they run.
            if (capture != null) {
                capture.close();
            }
            if (publisher != null) {
                publisher.close();
            }
            appliers.forEach(ConsumerGroupApplier::close);
        }
    }
}
