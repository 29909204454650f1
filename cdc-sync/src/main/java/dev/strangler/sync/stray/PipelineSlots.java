package dev.strangler.sync.stray;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replication slots a pipeline owns, one per direction ({@code strangler_<pipeline>_forward} in the shared
 * database, {@code strangler_<pipeline>_reverse} in the service's), whether active or not: an inactive slot pins
 * every byte of WAL written since it was last read. Read at most once a second (status, metrics and health all ask).
 */
public final class PipelineSlots {

    private static final Logger log = LoggerFactory.getLogger(PipelineSlots.class);
    private static final long FRESH_NANOS = 1_000_000_000L;

    private final PipelineDefinition definition;
    private List<SlotStatus> cached = List.of();
    private long readAt;

    public PipelineSlots(PipelineDefinition definition) {
        this.definition = definition;
    }

    /** The slots that exist now; a database that cannot be reached contributes nothing. */
    public synchronized List<SlotStatus> current() {
        long now = System.nanoTime();
        if (readAt != 0 && now - readAt < FRESH_NANOS) {
            return cached;
        }
        List<SlotStatus> slots = new ArrayList<>();
        for (Direction direction : Direction.values()) {
            try {
                ReplicationSlots.find(definition.captured(direction), definition.streamName(direction))
                        .ifPresent(slots::add);
            }
            catch (SQLException ex) {
                log.debug("Slot {} unknown", definition.streamName(direction), ex);
            }
        }
        cached = List.copyOf(slots);
        readAt = now;
        return cached;
    }

    /** Drops the last reading: the next one asks PostgreSQL again. */
    public synchronized void forget() {
        cached = List.of();
        readAt = 0;
    }

    /** The slot of {@code direction}, when it exists. */
    public Optional<SlotStatus> of(Direction direction) {
        String name = definition.streamName(direction);
        return current().stream().filter(slot -> slot.name().equals(name)).findFirst();
    }

    /** The WAL bytes {@code direction}'s slot retains; -1 when there is no slot or it holds nothing any more. */
    public long retainedWalBytes(Direction direction) {
        return of(direction).map(SlotStatus::retainedWalBytes).orElse(-1L);
    }
}
