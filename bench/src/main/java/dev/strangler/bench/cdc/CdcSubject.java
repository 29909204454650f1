package dev.strangler.bench.cdc;

import java.time.Duration;
import java.util.List;

/**
 * Something that carries the narrow table's changes away from a source database: the kit's pipeline (in-process
 * or over Kafka), Debezium draining to a no-op consumer, or PostgreSQL's logical replication.
 */
interface CdcSubject extends AutoCloseable {

    String name();

    /** The database the writer writes to. */
    String source();

    /**
     * Waits until rows {@code from..to} have all arrived and returns when the last of them arrived, in epoch
     * microseconds.
     */
    long awaitArrived(long from, long to, Duration timeout) throws Exception;

    /** Commit-to-visible lag of each of the rows {@code from..to}, in microseconds. */
    List<Long> lagsMicros(long from, long to) throws Exception;

    @Override
    void close();
}
