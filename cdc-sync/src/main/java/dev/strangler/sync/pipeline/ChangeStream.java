package dev.strangler.sync.pipeline;

import dev.strangler.sync.apply.ChangeApplier;
import dev.strangler.sync.mapping.Direction;
import org.jspecify.annotations.Nullable;

/** One direction of a pipeline while it runs: capture, transport and applier. */
public interface ChangeStream extends AutoCloseable {

    Direction direction();

    /** Whether the capture slot exists and streams, so that every change from now on will be carried. */
    boolean isStreaming();

    /** Makes the applier's side issue identity values past every id synced in. */
    void advanceIdentitySequences() throws Exception;

    /**
     * Stops (or resumes) the applier's moving of identity sequences with each batch; held during a direction switch
     * (see {@code IdentityFence}). Returns once no batch in progress can move them any more.
     */
    void holdIdentitySequences(boolean hold);

    /** The one applier of this stream, when there is exactly one (in-process); a resync runs on it. */
    default @Nullable ChangeApplier soleApplier() {
        return null;
    }

    @Override
    void close();
}
