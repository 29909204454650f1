package dev.strangler.bench.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** A subject that writes the rows into the narrow table of a target database: arrival and lag are read there. */
abstract class TargetTableSubject implements CdcSubject {

    protected final NarrowTable table;
    protected final String source;
    protected final String target;

    TargetTableSubject(NarrowTable table, String source, String target) {
        this.table = table;
        this.source = source;
        this.target = target;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public long awaitArrived(long from, long to, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long expected = to - from + 1;
        // One connection for the whole wait: opening one per poll costs more than the poll on a busy machine.
        try (Connection connection = table.postgres().connect(target);
                PreparedStatement last = connection.prepareStatement(
                        "SELECT count(*) FROM bench_item WHERE id = ?");
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM bench_item WHERE id BETWEEN ? AND ?")) {
            last.setLong(1, to);
            count.setLong(1, from);
            count.setLong(2, to);
            // The cheap poll first: counting tens of thousands of fresh rows (not yet all-visible, so every one is
            // read from the heap) 50 times a second took a fair share of a core from the subject it waited for,
            // which the no-op drain (counting in memory) never paid. Every row is still counted before it returns.
            while (single(last) == 0 || single(count) < expected) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(name() + ": " + single(count) + " of " + expected
                            + " rows arrived within " + timeout);
                }
                Thread.sleep(expected > 100_000 ? 100 : 20);
            }
        }
        return table.lastAppliedMicros(target, from, to);
    }

    private static long single(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Override
    public List<Long> lagsMicros(long from, long to) throws Exception {
        return table.lagsMicros(target, from, to);
    }
}
