package dev.strangler.sync.pipeline;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;

/** Opens the streams of a pipeline over one transport (in-process by default, or Kafka). */
public interface ChangeStreams {

    /**
     * @param snapshot whether a new stream copies the existing rows first (forward at first start); a stream that
     *     already has a position resumes from it either way
     */
    ChangeStream open(PipelineDefinition pipeline, Direction direction, boolean snapshot, SyncOptions options,
            StreamObserver observer) throws Exception;
}
