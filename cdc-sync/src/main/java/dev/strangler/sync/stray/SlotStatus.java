package dev.strangler.sync.stray;

import org.jspecify.annotations.Nullable;

/**
 * One replication slot the kit owns, as PostgreSQL reports it.
 *
 * @param retainedWalBytes WAL the slot keeps from being removed ({@code pg_current_wal_lsn() - restart_lsn}); -1 when
 *     unknown (database unreachable, or the slot was invalidated and holds nothing any more)
 * @param walStatus PostgreSQL's {@code wal_status}: {@code reserved}, {@code extended}, {@code unreserved}, or
 *     {@code lost} once PostgreSQL invalidated the slot ({@code max_slot_wal_keep_size}); {@code null} when unknown
 */
public record SlotStatus(String name, String database, boolean active, long retainedWalBytes,
        @Nullable String walStatus) {

    /** Whether PostgreSQL removed WAL the slot still needed: the stream cannot resume from it. */
    public boolean invalidated() {
        return "lost".equals(walStatus);
    }
}
