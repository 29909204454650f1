package dev.strangler.sync.pipeline;

import dev.strangler.sync.apply.ApplyResult;
import dev.strangler.sync.apply.ChangeApplier;
import dev.strangler.sync.capture.ChangeCapture;
import dev.strangler.sync.capture.ChangeDecoder;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.MappingPlan;
import dev.strangler.sync.mapping.PipelineDefinition;
import java.sql.SQLException;
import java.time.Duration;

/** Capture hands each batch straight to the applier on the engine's thread: the default transport. */
public final class InProcessStreams implements ChangeStreams {

    @Override
    public ChangeStream open(PipelineDefinition pipeline, Direction direction, boolean snapshot, SyncOptions options,
            StreamObserver observer) throws SQLException {
        String stream = pipeline.streamName(direction);
        MappingPlan plan = pipeline.plan(direction);
        ChangeApplier applier = new ChangeApplier(stream, pipeline.applied(direction), plan, true);
        MappedColumns mappedColumns = new MappedColumns(pipeline, direction);
        applier.open();
        // The kit copies the existing rows itself (InitialCopy), so Debezium only ever streams (no_data).
        ChangeCapture.Spec spec = new ChangeCapture.Spec(stream, pipeline.captured(direction), plan.capturedTables(),
                false, options.heartbeat(), options.poll(), pipeline.applied(direction), false,
                options.restartBackoff());
        ChangeCapture.BeforeStreaming copy = !snapshot ? null : stopping -> InitialCopy.runIfNeeded(stream, direction,
                spec.database(), spec.tables(), applier, mappedColumns, observer, stopping);
        try {
            // A truncate that a resync of its table, recorded next to this stream's position, already read past is
            // passed; any other stops the stream.
            ChangeDecoder decoder = new ChangeDecoder(ResyncMarks.coverage(spec.positionStore(), stream));
            ChangeCapture capture = ChangeCapture.start(spec, copy, decoder, changes -> {
                long started = System.nanoTime();
                AppliedChangesLog.batch(stream, applier.storedPosition().orElse(null), changes);
                mappedColumns.check(changes);
                ApplyResult result = applier.apply(changes, null);
                observer.batchApplied(direction, result, Duration.ofNanos(System.nanoTime() - started));
            }, failure -> {
                if (failure != null) {
                    observer.failed(direction, failure);
                }
            });
            return new Stream(direction, capture, applier);
        }
        catch (RuntimeException ex) {
            applier.close();
            throw ex;
        }
    }

    private record Stream(Direction direction, ChangeCapture capture, ChangeApplier applier) implements ChangeStream {

        @Override
        public boolean isStreaming() {
            return capture.isStreaming();
        }

        @Override
        public void advanceIdentitySequences() throws SQLException {
            applier.advanceIdentitySequences();
        }

        @Override
        public void holdIdentitySequences(boolean hold) {
            applier.holdIdentitySequences(hold);
        }

        @Override
        public ChangeApplier soleApplier() {
            return applier;
        }

        @Override
        public void close() {
            capture.close();
            applier.close();
        }
    }
}
