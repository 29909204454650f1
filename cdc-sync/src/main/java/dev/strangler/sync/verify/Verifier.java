package dev.strangler.sync.verify;

import dev.strangler.sync.capture.Lsn;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.TableMapping;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.verify.CanonicalRows.PgType;
import dev.strangler.sync.verify.DriftReport.DifferingRow;
import java.lang.ref.Cleaner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves that the two databases of a pipeline agree through its mapping, and shows exactly what differs.
 *
 * <p>Both sides are projected to canonical rows by {@link CanonicalRows} and compared inside PostgreSQL, phase by
 * phase: a count and a checksum (the sum of a 64-bit row hash seeded by the key) per range of the key, both sides
 * queried at once ({@link RangeChecksums}); ranges that differ are split until their rows can be compared column by
 * column ({@link Bisection} by the value of an integer key, {@link OrderedBisection} at sampled keys for any other);
 * the differing keys are re-read around the pipeline's progress to tell drift from
 * changes in flight ({@link Settle}, unsettled keys are reported with {@code caughtUp = false}); and on request the
 * drifted rows are carried again ({@link Repair}). Equal data with an integer key costs four queries per side (the key's
 * bounds, then the checksums in {@link #LANES} lanes at once), however many rows it has.
 *
 * <p>Thread-safe. Each verification reads through {@link #LANES} read-only connections per side, each query in a
 * transaction of its own, as if they were new; they are kept for the next verification ({@link KeptConnections}) until
 * {@link #close}. {@link #verifyAndRepair}'s touch of the source rows writes through a connection of its own.
 */
public final class Verifier implements AutoCloseable {

    /** Closes the kept connections of a verifier nobody closed once it is unreachable. */
    private static final Cleaner CLEANER = Cleaner.create();

    private static final Logger log = LoggerFactory.getLogger(Verifier.class);

    /**
     * Connections per side: the checksums of the whole table are computed in this many lanes per side at once
     * ({@link Bisection}: ranges of blocks of a side that reads one table as it is, of the key otherwise), each in
     * one PostgreSQL process. As many processes per side as PostgreSQL's default
     * parallel plan uses (two workers and the leader), which the digest query no longer gets: it aggregates in a
     * hash table, which PostgreSQL plans without workers ({@link CanonicalRows.Side#FENCE}).
     */
    static final int LANES = 3;

    private final PipelineDefinition pipeline;
    private final VerifierOptions options;
    private final Bisection bisection;
    private final Settle settle;
    private final KeptConnections sourceConnections;
    private final KeptConnections targetConnections;
    private final Cleaner.@Nullable Cleanable owned;

    /** A verifier with connections of its own, kept between its verifications: {@link #close} it. */
    public Verifier(PipelineDefinition pipeline, VerifierOptions options) {
        this(pipeline, options, new KeptConnections(pipeline.source(), LANES),
                new KeptConnections(pipeline.target(), LANES), true);
    }

    /** A verifier using connections that outlive it ({@link Verifiers}'), closed by their owner. */
    Verifier(PipelineDefinition pipeline, VerifierOptions options, KeptConnections sourceConnections,
            KeptConnections targetConnections) {
        this(pipeline, options, sourceConnections, targetConnections, false);
    }

    private Verifier(PipelineDefinition pipeline, VerifierOptions options, KeptConnections sourceConnections,
            KeptConnections targetConnections, boolean owned) {
        this.pipeline = pipeline;
        this.options = options;
        this.bisection = new Bisection(options);
        this.settle = new Settle(pipeline, options);
        this.sourceConnections = sourceConnections;
        this.targetConnections = targetConnections;
        // The action holds the connections, not the verifier, or the verifier would never become unreachable.
        this.owned = owned ? CLEANER.register(this, () -> {
            sourceConnections.close();
            targetConnections.close();
        }) : null;
    }

    public Verifier(PipelineDefinition pipeline) {
        this(pipeline, VerifierOptions.defaults());
    }

    /**
     * Compares both databases of the pipeline while it runs in {@code direction} (the direction decides which side
     * changes come from, and so which position to wait for).
     */
    public DriftReport verify(Direction direction) throws SQLException, InterruptedException {
        long started = System.nanoTime();
        AtomicInteger queries = new AtomicInteger();
        ExecutorService sides = Executors.newFixedThreadPool(2 * LANES, runnable -> {
            Thread thread = new Thread(runnable, "strangler-verify-" + pipeline.name());
            thread.setDaemon(true);
            return thread;
        });
        List<Connection> sources = new ArrayList<>();
        List<Connection> targets = new ArrayList<>();
        boolean completed = false;
        try {
            open(sides, sources, targets);
            Connection source = sources.get(0);
            Connection target = targets.get(0);
            Connection captured = direction == Direction.FORWARD ? source : target;
            long position = AppliedPosition.currentLsn(captured);
            VerifySession session = new VerifySession(sources, targets, sides, queries);
            List<Map<String, Object>> missing = new ArrayList<>();
            List<Map<String, Object>> extra = new ArrayList<>();
            List<DifferingRow> differing = new ArrayList<>();
            List<Map<String, Object>> inFlight = new ArrayList<>();
            long rows = 0;
            long kept = 0;
            boolean truncated = false;
            boolean caughtUp = true;
            for (TableMapping mapping : pipeline.tables()) {
                CanonicalRows canonical = CanonicalRows.of(mapping, pipeline.parentOf(mapping), options.rules(),
                        t -> types(source, t), t -> types(target, t), direction == Direction.REVERSE);
                Bisection.Comparison found = bisection.compare(canonical, session, direction);
                rows += found.rows();
                kept += found.keptInService();
                truncated |= found.truncated();
                Settle.Settled settled = settle.settle(canonical, session, direction, found.verdicts().keySet());
                caughtUp &= settled.caughtUp();
                for (Map.Entry<RowKey, Verdict> entry : settled.drift().entrySet()) {
                    Map<String, Object> key = keyOf(mapping, canonical.keyColumns(), entry.getKey());
                    Verdict verdict = entry.getValue();
                    if (verdict.source() == null) {
                        extra.add(key);
                    }
                    else if (verdict.target() == null) {
                        missing.add(key);
                    }
                    else {
                        differing.add(new DifferingRow(key, verdict.differences(canonical.columns())));
                    }
                }
                settled.inFlight().forEach(k -> inFlight.add(keyOf(mapping, canonical.keyColumns(), k)));
            }
            boolean inSync = missing.isEmpty() && extra.isEmpty() && differing.isEmpty() && caughtUp && !truncated;
            long took = (System.nanoTime() - started) / 1_000_000;
            log.info("Verified pipeline {}: {} rows, {} queries, {} ms, in sync: {} (missing {}, extra {}, "
                    + "differing {}, in flight {}, kept in the service {})", pipeline.name(), rows, queries.get(), took,
                    inSync, missing.size(), extra.size(), differing.size(), inFlight.size(), kept);
            completed = true;
            return new DriftReport(pipeline.name(), inSync, rows, queries.get(), new Lsn(position).toString(),
                    missing, extra, differing, inFlight, caughtUp, truncated, List.of(), took, kept);
        }
        finally {
            // Every query has been answered when the verification completed: its connections can be kept.
            sides.shutdownNow();
            sourceConnections.giveBack(sources, completed);
            targetConnections.giveBack(targets, completed);
        }
    }

    /** Closes the connections kept between verifications (none, when they are {@link Verifiers}'). */
    @Override
    public void close() {
        if (owned != null) {
            owned.clean();
        }
    }

    /**
     * Takes {@link #LANES} connections to each side at once, kept or new; those taken are in the lists even on
     * failure.
     */
    private void open(ExecutorService sides, List<Connection> sources, List<Connection> targets) throws SQLException {
        List<CompletableFuture<Connection>> opening = new ArrayList<>();
        for (int i = 0; i < 2 * LANES; i++) {
            KeptConnections connections = i < LANES ? sourceConnections : targetConnections;
            opening.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return connections.take();
                }
                catch (SQLException ex) {
                    throw new CompletionException(ex);
                }
            }, sides));
        }
        SQLException failed = null;
        for (int i = 0; i < opening.size(); i++) {
            try {
                (i < LANES ? sources : targets).add(opening.get(i).join());
            }
            catch (CompletionException ex) {
                SQLException cause = ex.getCause() instanceof SQLException sql ? sql : new SQLException(ex.getCause());
                if (failed == null) {
                    failed = cause;
                }
                else {
                    failed.addSuppressed(cause);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Verifies, then re-syncs the drifted keys that the source still has (missing and differing) through the
     * pipeline, by touching their source rows ({@code UPDATE … SET id = id}) so that capture carries them again, and
     * verifies once more. Never writes to the target. Extra keys (in the target only) are left for a person to
     * decide; a target row with a higher version column is not replaced either, by design of the applier.
     *
     * @throws IllegalStateException when the pipeline runs in reverse (the service is then the source of truth)
     */
    public DriftReport verifyAndRepair(Direction direction) throws SQLException, InterruptedException {
        if (direction != Direction.FORWARD) {
            throw new IllegalStateException("Repair re-syncs through the forward direction; pipeline "
                    + pipeline.name() + " runs " + direction);
        }
        DriftReport first = verify(direction);
        List<Map<String, Object>> repaired = new ArrayList<>();
        try (Connection source = connect(pipeline.source(), "strangler-verify-repair")) {
            source.setReadOnly(false);
            for (TableMapping mapping : pipeline.tables()) {
                Map<String, PgType> types = types(source, mapping.source());
                // The key columns a report names: the first for an integer key, all for any other (CanonicalRows).
                List<String> columns = types.get(mapping.key().get(0)).isInteger() ? List.of(mapping.key().get(0))
                        : mapping.key();
                List<RowKey> keys = new ArrayList<>();
                for (Map<String, Object> key : first.missing()) {
                    keyIn(mapping, columns, key).ifPresent(keys::add);
                }
                for (DifferingRow row : first.differing()) {
                    keyIn(mapping, columns, row.key()).ifPresent(keys::add);
                }
                if (keys.isEmpty()) {
                    continue;
                }
                CanonicalRows.OrderedKey ordered = columns.size() == 1 && types.get(columns.get(0)).isInteger() ? null
                        : CanonicalRows.OrderedKey.of(columns, columns.stream().map(c -> types.get(c).name())
                                .toList(), columns);
                Repair.touch(source, pipeline.name(), mapping, keys, ordered);
                keys.forEach(k -> repaired.add(keyOf(mapping, columns, k)));
            }
        }
        if (repaired.isEmpty()) {
            return first;
        }
        return verify(direction).withRepaired(repaired);
    }

    static Map<String, PgType> types(Connection connection, TableName table) {
        Map<String, PgType> types = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT a.attname, coalesce(b.typname, t.typname), "
                + "t.typcategory FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                + "LEFT JOIN pg_type b ON b.oid = t.typbasetype AND t.typtype = 'd' "
                + "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped")) {
            query.setString(1, table.toString());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), new PgType(rs.getString(2), rs.getString(3).charAt(0)));
                }
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not read the columns of " + table + ": " + ex.getMessage(), ex);
        }
        if (types.isEmpty()) {
            throw new IllegalStateException("Table " + table + " does not exist");
        }
        return types;
    }

    private Map<String, Object> keyOf(TableMapping mapping, List<String> columns, RowKey key) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (pipeline.tables().size() > 1) {
            map.put("table", mapping.source().toString());
        }
        for (int i = 0; i < columns.size(); i++) {
            map.put(columns.get(i), key.values().get(i));
        }
        return map;
    }

    /** The key of {@code mapping} a report names, if it names one of that table. */
    private static Optional<RowKey> keyIn(TableMapping mapping, List<String> columns, Map<String, Object> key) {
        if (key.containsKey("table") && !mapping.source().toString().equals(key.get("table"))) {
            return Optional.empty();
        }
        List<Object> values = new ArrayList<>();
        for (String column : columns) {
            Object value = key.get(column);
            if (value == null) {
                return Optional.empty();
            }
            values.add(value instanceof Number n ? (Object) n.longValue() : value.toString());
        }
        return Optional.of(new RowKey(values));
    }

    static Connection connect(DatabaseEndpoint database, String applicationName) throws SQLException {
        Properties props = new Properties();
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("readOnly", "true");
        // Every query planned for its own parameters, as on a new connection: a kept connection would otherwise
        // switch a query it ran five times to a named server-side statement, which PostgreSQL may then run with a
        // generic plan, one that does not know how much of the key a range covers (a third of the table in a lane,
        // a few rows in a bisection's chunk). Planning costs 1-9 ms against seconds of a digest query.
        props.setProperty("prepareThreshold", "0");
        Connection connection = database.connect(props);
        try (Statement statement = connection.createStatement()) {
            // Canonical text must not depend on the server's or the JVM's settings.
            statement.execute("SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, YMD'; SET extra_float_digits TO 3");
        }
        catch (SQLException ex) {
            connection.close();
            throw ex;
        }
        return connection;
    }
}
