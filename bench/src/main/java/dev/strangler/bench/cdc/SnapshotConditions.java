package dev.strangler.bench.cdc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The state every snapshot subject meets and what the server and the machine did while it ran: the evidence that
 * tells a slow subject from a slow round.
 *
 * <p>{@link #settle} puts the loaded table into one state before the first subject (frozen, analyzed, hint bits and
 * visibility map set, nothing dirty) and {@link #quiesce} brings the server back to it before each subject
 * (checkpoint, no autovacuum worker running), so no subject pays for the load or for the subject before it.
 * {@link #watch} notes, while a subject runs, the autovacuum workers seen, the checkpoints taken and the machine's
 * CPU split (busy, I/O wait, stolen by the hypervisor) and load average.
 */
final class SnapshotConditions {

    private static final long QUIET_TIMEOUT_MILLIS = 60_000;

    private SnapshotConditions() {
    }

    /**
     * After the load: {@code VACUUM (FREEZE, ANALYZE)} (every tuple's hint bits and the visibility map set, statistics
     * fresh, so no reader and no autovacuum touches the table again), then {@link #quiesce}.
     */
    static void settle(NarrowTable table, String source) throws Exception {
        table.execute(source, "VACUUM (FREEZE, ANALYZE) " + NarrowTable.NAME);
        quiesce(table, source);
    }

    /**
     * Before a subject: a checkpoint (what the load or the last subject left dirty is written now, not during the
     * subject) and a wait until no autovacuum worker runs on the server (at most a minute).
     */
    static void quiesce(NarrowTable table, String source) throws Exception {
        table.execute(source, "CHECKPOINT");
        long deadline = System.currentTimeMillis() + QUIET_TIMEOUT_MILLIS;
        while (!autovacuums(table, source).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
    }

    /** Starts noting what happens around {@code source}'s table until {@link Watch#stop()}. */
    static Watch watch(NarrowTable table, String source) throws Exception {
        return new Watch(table, source);
    }

    /** Autovacuum workers running now, as {@code database: query}. */
    private static Set<String> autovacuums(NarrowTable table, String source) throws SQLException {
        Set<String> running = new TreeSet<>();
        try (Connection connection = table.postgres().connect(source);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT coalesce(datname, '?') || ': ' || coalesce(query, '') "
                        + "FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")) {
            while (rows.next()) {
                running.add(rows.getString(1));
            }
        }
        return running;
    }

    /** The server's and the table's counters at one moment. */
    private record Counters(long checkpointsTimed, long checkpointsRequested, long checkpointBuffers,
            long autovacuums, long autoanalyzes, long relPages, long allVisiblePages, long heapBlocksRead,
            long heapBlocksHit, long[] cpu) {

        static Counters read(NarrowTable table, String source) throws SQLException {
            try (Connection connection = table.postgres().connect(source);
                    Statement statement = connection.createStatement()) {
                // Counters flushed by other backends reach the views within a second; ours first.
                statement.execute("SELECT pg_stat_clear_snapshot()");
                try (ResultSet rows = statement.executeQuery("SELECT c.num_timed, c.num_requested, "
                        + "c.buffers_written, t.autovacuum_count, t.autoanalyze_count, k.relpages, k.relallvisible, "
                        + "coalesce(io.heap_blks_read, 0), coalesce(io.heap_blks_hit, 0) "
                        + "FROM pg_stat_checkpointer c, pg_stat_user_tables t JOIN pg_class k ON k.oid = t.relid "
                        + "LEFT JOIN pg_statio_user_tables io ON io.relid = t.relid WHERE t.relname = '"
                        + NarrowTable.NAME + "'")) {
                    rows.next();
                    return new Counters(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                            rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getLong(8), rows.getLong(9),
                            readCpu());
                }
            }
        }

        /** {@code /proc/stat}'s first line: total, idle, iowait, steal ticks (zeros where there is none). */
        private static long[] readCpu() {
            try {
                String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < fields.length && i <= 8; i++) {
                    total += Long.parseLong(fields[i]);
                }
                return new long[] {total, Long.parseLong(fields[4]), Long.parseLong(fields[5]),
                        fields.length > 8 ? Long.parseLong(fields[8]) : 0};
            }
            catch (IOException | RuntimeException ex) {
                return new long[] {0, 0, 0, 0};
            }
        }
    }

    /** Samples autovacuum workers twice a second while a subject runs; {@link #stop()} describes the interval. */
    static final class Watch {

        private final NarrowTable table;
        private final String source;
        private final Counters before;
        private final String loadBefore;
        private final Set<String> autovacuumsSeen = new ConcurrentSkipListSet<>();
        private final Thread sampler;
        private volatile boolean running = true;

        private Watch(NarrowTable table, String source) throws Exception {
            this.table = table;
            this.source = source;
            this.before = Counters.read(table, source);
            this.loadBefore = loadAverage();
            autovacuumsSeen.addAll(autovacuums(table, source));
            this.sampler = new Thread(() -> {
                while (running) {
                    try {
                        autovacuumsSeen.addAll(autovacuums(table, source));
                        Thread.sleep(500);
                    }
                    catch (InterruptedException ex) {
                        return;
                    }
                    catch (SQLException ex) {
                        autovacuumsSeen.add("(could not read pg_stat_activity: " + ex.getMessage() + ")");
                    }
                }
            }, "snapshot-conditions");
            sampler.setDaemon(true);
            sampler.start();
        }

        /** One line: what the server did (checkpoints, autovacuum, table reads) and the machine's CPU split. */
        String stop() throws Exception {
            running = false;
            sampler.join(2_000);
            Counters after = Counters.read(table, source);
            long ticks = Math.max(1, after.cpu()[0] - before.cpu()[0]);
            double idle = 100.0 * (after.cpu()[1] - before.cpu()[1]) / ticks;
            double iowait = 100.0 * (after.cpu()[2] - before.cpu()[2]) / ticks;
            double steal = 100.0 * (after.cpu()[3] - before.cpu()[3]) / ticks;
            return String.format(Locale.ROOT, "CPU busy %.0f%%, I/O wait %.0f%%, stolen %.0f%%; load average %s → %s; "
                    + "checkpoints %d timed + %d requested (%,d buffers); autovacuum of the table +%d, autoanalyze +%d; "
                    + "autovacuum workers seen: %s; table %,d pages, %,d all-visible; heap blocks read %,d, hit %,d",
                    100 - idle - iowait - steal, iowait, steal, loadBefore, loadAverage(),
                    after.checkpointsTimed() - before.checkpointsTimed(),
                    after.checkpointsRequested() - before.checkpointsRequested(),
                    after.checkpointBuffers() - before.checkpointBuffers(), after.autovacuums() - before.autovacuums(),
                    after.autoanalyzes() - before.autoanalyzes(),
                    autovacuumsSeen.isEmpty() ? "none" : String.join("; ", autovacuumsSeen), after.relPages(),
                    after.allVisiblePages(), after.heapBlocksRead() - before.heapBlocksRead(),
                    after.heapBlocksHit() - before.heapBlocksHit());
        }

        private static String loadAverage() {
            try {
                return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            }
            catch (IOException | RuntimeException ex) {
                return "?";
            }
        }
    }
}
