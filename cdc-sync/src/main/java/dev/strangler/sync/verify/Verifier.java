package dev.strangler.sync.verify;

import dev.strangler.sync.capture.Lsn;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.TableMapping;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.verify.CanonicalRows.PgType;
import dev.strangler.sync.verify.DriftReport.ColumnDifference;
import dev.strangler.sync.verify.DriftReport.DifferingRow;
import java.sql.Array;
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
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * <p>Both sides are projected to canonical rows by {@link CanonicalRows} and compared inside PostgreSQL: a count
 * and two checksums (xor and sum of a 64-bit row hash) per range of the integer key, both sides queried at once.
 * Ranges that differ are split into {@code fanout} sub-ranges, one query per side per round, until a range holds at
 * most {@code leafRows} rows; those rows are then compared column by column. Equal data costs two queries per side,
 * however many rows it has.
 *
 * <p>On a live system a difference may be a change in flight. Every differing key is re-read on the captured side,
 * then on the applied side once the pipeline has applied past the captured side's WAL position of that read, then on
 * the captured side again: a key whose source did not move meanwhile and still differs is drift; one that agrees
 * was in flight. A key that keeps changing, or a pipeline that does not catch up in time, is reported in flight and
 * unsettled ({@code caughtUp = false}).
 *
 * <p>Thread-safe; each call opens its own connections (read-only, except {@link #verifyAndRepair}'s touch of the
 * source rows).
 */
public final class Verifier {

    private static final Logger log = LoggerFactory.getLogger(Verifier.class);
    private static final int RANGES_PER_QUERY = 500;
    private static final int KEYS_PER_QUERY = 5000;
    private static final int SETTLE_ROUNDS = 3;

    private final PipelineDefinition pipeline;
    private final VerifierOptions options;

    public Verifier(PipelineDefinition pipeline, VerifierOptions options) {
        this.pipeline = pipeline;
        this.options = options;
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
        ExecutorService sides = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "strangler-verify-" + pipeline.name());
            thread.setDaemon(true);
            return thread;
        });
        try (Connection source = connect(pipeline.source(), "strangler-verify");
                Connection target = connect(pipeline.target(), "strangler-verify")) {
            Connection captured = direction == Direction.FORWARD ? source : target;
            long position = AppliedPosition.currentLsn(captured);
            Session session = new Session(source, target, sides, queries);
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
                Comparison found = compare(canonical, session, direction);
                rows += found.rows();
                kept += found.keptInService();
                truncated |= found.truncated();
                Settled settled = settle(canonical, session, direction, found.verdicts().keySet());
                caughtUp &= settled.caughtUp();
                for (Map.Entry<Long, Verdict> entry : settled.drift().entrySet()) {
                    Map<String, Object> key = keyOf(mapping, entry.getKey());
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
                settled.inFlight().forEach(k -> inFlight.add(keyOf(mapping, k)));
            }
            boolean inSync = missing.isEmpty() && extra.isEmpty() && differing.isEmpty() && caughtUp && !truncated;
            long took = (System.nanoTime() - started) / 1_000_000;
            log.info("Verified pipeline {}: {} rows, {} queries, {} ms, in sync: {} (missing {}, extra {}, "
                    + "differing {}, in flight {}, kept in the service {})", pipeline.name(), rows, queries.get(), took,
                    inSync, missing.size(), extra.size(), differing.size(), inFlight.size(), kept);
            return new DriftReport(pipeline.name(), inSync, rows, queries.get(), new Lsn(position).toString(),
                    missing, extra, differing, inFlight, caughtUp, truncated, List.of(), took, kept);
        }
        finally {
            sides.shutdownNow();
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
                List<Long> keys = new ArrayList<>();
                for (Map<String, Object> key : first.missing()) {
                    keyIn(mapping, key).ifPresent(keys::add);
                }
                for (DifferingRow row : first.differing()) {
                    keyIn(mapping, row.key()).ifPresent(keys::add);
                }
                if (keys.isEmpty()) {
                    continue;
                }
                String column = mapping.key().get(0);
                try (PreparedStatement touch = source.prepareStatement("UPDATE " + mapping.source() + " SET "
                        + column + " = " + column + " WHERE " + column + " = ANY(?::bigint[])")) {
                    touch.setArray(1, source.createArrayOf("bigint", keys.toArray()));
                    int touched = touch.executeUpdate();
                    log.info("Repair of pipeline {}: touched {} rows of {} so that the pipeline carries them again",
                            pipeline.name(), touched, mapping.source());
                }
                keys.forEach(k -> repaired.add(keyOf(mapping, k)));
            }
        }
        if (repaired.isEmpty()) {
            return first;
        }
        return verify(direction).withRepaired(repaired);
    }

    /**
     * Counts, checksums and bisection: the keys whose canonical rows differ, with both rows. Forward, a key only the
     * service holds whose rows the reverse direction would never carry back is the service's own, not drift: it is
     * counted, not reported.
     */
    private Comparison compare(CanonicalRows canonical, Session session, Direction direction) throws SQLException {
        List<long @Nullable []> bounds = session.both(canonical, (side, c) -> {
            try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(side.bounds())) {
                rs.next();
                long min = rs.getLong(1);
                return rs.wasNull() ? null : new long[] { min, rs.getLong(2) };
            }
        });
        long[] sourceBounds = bounds.get(0);
        long[] targetBounds = bounds.get(1);
        if (sourceBounds == null && targetBounds == null) {
            return new Comparison(0, Map.of(), false, 0);
        }
        long base = Math.min(sourceBounds == null ? Long.MAX_VALUE : sourceBounds[0],
                targetBounds == null ? Long.MAX_VALUE : targetBounds[0]);
        long top = Math.max(sourceBounds == null ? Long.MIN_VALUE : sourceBounds[1],
                targetBounds == null ? Long.MIN_VALUE : targetBounds[1]);
        long width = KeyGrid.firstWidth(base, top, options.fanout());
        List<List<KeyRange>> ranges = List.of(List.of()); // one query without ranges: the whole table
        Map<Long, Verdict> verdicts = new TreeMap<>();
        long rows = -1;
        long keptInService = 0;
        boolean truncated = false;
        while (true) {
            Map<Long, RangeDigest> sourceDigests = new HashMap<>();
            Map<Long, RangeDigest> targetDigests = new HashMap<>();
            for (List<KeyRange> chunk : ranges) {
                long w = width;
                List<Map<Long, RangeDigest>> digests = session.both(canonical,
                        (side, c) -> digests(c, side, base, w, chunk));
                sourceDigests.putAll(digests.get(0));
                targetDigests.putAll(digests.get(1));
            }
            if (rows < 0) {
                rows = Math.max(RangeDigest.rows(sourceDigests.values()), RangeDigest.rows(targetDigests.values()));
            }
            List<KeyRange> leaves = new ArrayList<>();
            List<KeyRange> next = new ArrayList<>();
            for (Long bucket : new TreeSet<>(union(sourceDigests.keySet(), targetDigests.keySet()))) {
                RangeDigest s = sourceDigests.getOrDefault(bucket, RangeDigest.EMPTY);
                RangeDigest t = targetDigests.getOrDefault(bucket, RangeDigest.EMPTY);
                if (s.equals(t)) {
                    continue;
                }
                KeyRange range = KeyRange.bucket(base, width, bucket);
                if (width == 1 || Math.max(s.rows(), t.rows()) <= options.leafRows()) {
                    leaves.add(range);
                }
                else {
                    next.add(range);
                }
            }
            for (List<KeyRange> chunk : KeyGrid.chunks(leaves, RANGES_PER_QUERY)) {
                if (verdicts.size() >= options.maxReported()) {
                    truncated = true;
                    break;
                }
                List<Map<Long, List<@Nullable String>>> found = session.both(canonical,
                        (side, c) -> rows(c, side.rows(chunk.size()), statement -> bindRanges(statement, 1, chunk)));
                Map<Long, Verdict> differences = Verdict.differences(found.get(0), found.get(1));
                if (direction == Direction.FORWARD) {
                    keptInService += dropKeptInService(canonical, session, differences);
                }
                verdicts.putAll(differences);
            }
            if (next.isEmpty() || truncated) {
                break;
            }
            if (verdicts.size() >= options.maxReported()) {
                truncated = true;
                break;
            }
            ranges = KeyGrid.chunks(next, RANGES_PER_QUERY);
            width = KeyGrid.nextWidth(width, options.fanout());
        }
        if (verdicts.size() > options.maxReported()) {
            truncated = true;
            Map<Long, Verdict> kept = new TreeMap<>();
            verdicts.entrySet().stream().limit(options.maxReported()).forEach(e -> kept.put(e.getKey(), e.getValue()));
            verdicts = kept;
        }
        return new Comparison(rows, verdicts, truncated, keptInService);
    }

    /** Removes the service-only keys the reverse direction never carries back; how many it removed. */
    private static int dropKeptInService(CanonicalRows canonical, Session session, Map<Long, Verdict> differences)
            throws SQLException {
        String sql = canonical.keptInService();
        List<Long> serviceOnly = differences.entrySet().stream().filter(e -> e.getValue().source() == null)
                .map(Map.Entry::getKey).toList();
        if (sql == null || serviceOnly.isEmpty()) {
            return 0;
        }
        session.queries().incrementAndGet();
        Connection target = session.target();
        Map<Long, List<@Nullable String>> kept = rows(target, sql, statement -> statement.setArray(1,
                target.createArrayOf("bigint", serviceOnly.toArray())));
        kept.keySet().forEach(differences::remove);
        return kept.size();
    }

    /**
     * Re-reads the differing keys around the pipeline's progress (see the class comment) and splits them into drift
     * and in-flight keys.
     */
    private Settled settle(CanonicalRows canonical, Session session, Direction direction, Set<Long> suspects)
            throws SQLException, InterruptedException {
        Map<Long, Verdict> drift = new TreeMap<>();
        Set<Long> inFlight = new TreeSet<>();
        if (suspects.isEmpty()) {
            return new Settled(drift, List.of(), true);
        }
        boolean forward = direction == Direction.FORWARD;
        Connection captured = forward ? session.source() : session.target();
        CanonicalRows.Side capturedSide = forward ? canonical.source() : canonical.target();
        CanonicalRows.Side appliedSide = forward ? canonical.target() : canonical.source();
        Set<Long> remaining = new TreeSet<>(suspects);
        boolean caughtUp = true;
        for (int round = 0; round < SETTLE_ROUNDS && !remaining.isEmpty(); round++) {
            Map<Long, List<@Nullable String>> before = rowsWithKeys(captured, capturedSide, remaining, session);
            long position = AppliedPosition.currentLsn(captured);
            if (!AppliedPosition.awaitAppliedPast(position, pipeline.captured(direction), pipeline.applied(direction),
                    pipeline.streamName(direction), options.settleTimeout())) {
                caughtUp = false;
                break;
            }
            Connection applied = forward ? session.target() : session.source();
            Map<Long, List<@Nullable String>> carried = rowsWithKeys(applied, appliedSide, remaining, session);
            Map<Long, List<@Nullable String>> after = rowsWithKeys(captured, capturedSide, remaining, session);
            for (Long key : List.copyOf(remaining)) {
                if (!Objects.equals(before.get(key), after.get(key))) {
                    continue; // written again meanwhile: try once more
                }
                remaining.remove(key);
                List<@Nullable String> sourceRow = forward ? after.get(key) : carried.get(key);
                List<@Nullable String> targetRow = forward ? carried.get(key) : after.get(key);
                if (Objects.equals(sourceRow, targetRow)) {
                    inFlight.add(key);
                }
                else {
                    drift.put(key, new Verdict(sourceRow, targetRow));
                }
            }
        }
        if (!remaining.isEmpty()) {
            caughtUp = false;
            inFlight.addAll(remaining);
        }
        return new Settled(drift, List.copyOf(inFlight), caughtUp);
    }

    private Map<Long, List<@Nullable String>> rowsWithKeys(Connection connection, CanonicalRows.Side side,
            Set<Long> keys, Session session) throws SQLException {
        Map<Long, List<@Nullable String>> rows = new HashMap<>();
        List<Long> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY));
            session.queries().incrementAndGet();
            rows.putAll(rows(connection, side.rowsWithKeys(), statement -> {
                Array array = connection.createArrayOf("bigint", chunk.toArray());
                statement.setArray(1, array);
            }));
        }
        return rows;
    }

    private static Map<Long, RangeDigest> digests(Connection connection, CanonicalRows.Side side, long base,
            long width, List<KeyRange> ranges) throws SQLException {
        Map<Long, RangeDigest> digests = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(side.digests(ranges.size()))) {
            query.setLong(1, base);
            query.setLong(2, width);
            bindRanges(query, 3, ranges);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    digests.put(rs.getLong(1), new RangeDigest(rs.getLong(2), rs.getLong(3), rs.getString(4)));
                }
            }
        }
        return digests;
    }

    private static Map<Long, List<@Nullable String>> rows(Connection connection, String sql, Binder binder)
            throws SQLException {
        Map<Long, List<@Nullable String>> rows = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            binder.bind(query);
            try (ResultSet rs = query.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<@Nullable String> values = new ArrayList<>(columns - 1);
                    for (int i = 2; i <= columns; i++) {
                        values.add(rs.getString(i));
                    }
                    rows.put(rs.getLong(1), values);
                }
            }
        }
        return rows;
    }

    private static void bindRanges(PreparedStatement statement, int first, List<KeyRange> ranges)
            throws SQLException {
        int index = first;
        for (KeyRange range : ranges) {
            statement.setLong(index++, range.from());
            statement.setLong(index++, range.to());
        }
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

    private Map<String, Object> keyOf(TableMapping mapping, long key) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (pipeline.tables().size() > 1) {
            map.put("table", mapping.source().toString());
        }
        map.put(mapping.key().get(0), key);
        return map;
    }

    private java.util.Optional<Long> keyIn(TableMapping mapping, Map<String, Object> key) {
        if (key.containsKey("table") && !mapping.source().toString().equals(key.get("table"))) {
            return java.util.Optional.empty();
        }
        return key.get(mapping.key().get(0)) instanceof Number n ? java.util.Optional.of(n.longValue())
                : java.util.Optional.empty();
    }

    static Connection connect(DatabaseEndpoint database, String applicationName) throws SQLException {
        Properties props = new Properties();
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("readOnly", "true");
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

    private static Set<Long> union(Set<Long> a, Set<Long> b) {
        Set<Long> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface SideQuery<T> {
        T run(CanonicalRows.Side side, Connection connection) throws SQLException;
    }

    /** Both connections of one verification, queried at the same time. */
    private record Session(Connection source, Connection target, ExecutorService sides, AtomicInteger queries) {

        <T> List<T> both(CanonicalRows canonical, SideQuery<T> query) throws SQLException {
            CompletableFuture<T> onTarget = CompletableFuture.supplyAsync(() -> {
                try {
                    return query.run(canonical.target(), target);
                }
                catch (SQLException ex) {
                    throw new CompletionException(ex);
                }
            }, sides);
            T onSource;
            try {
                onSource = query.run(canonical.source(), source);
            }
            finally {
                queries.addAndGet(2);
            }
            try {
                List<T> results = new ArrayList<>(2);
                results.add(onSource);
                results.add(onTarget.join());
                return results;
            }
            catch (CompletionException ex) {
                if (ex.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw ex;
            }
        }
    }

    private record Comparison(long rows, Map<Long, Verdict> verdicts, boolean truncated, long keptInService) {
    }

    private record Settled(Map<Long, Verdict> drift, List<Long> inFlight, boolean caughtUp) {
    }

    /** Both canonical rows of one key; {@code null} where a side has no row. */
    private record Verdict(@Nullable List<@Nullable String> source, @Nullable List<@Nullable String> target) {

        static Map<Long, Verdict> differences(Map<Long, List<@Nullable String>> source,
                Map<Long, List<@Nullable String>> target) {
            Map<Long, Verdict> verdicts = new TreeMap<>();
            for (Long key : union(source.keySet(), target.keySet())) {
                List<@Nullable String> s = source.get(key);
                List<@Nullable String> t = target.get(key);
                if (!Objects.equals(s, t)) {
                    verdicts.put(key, new Verdict(s, t));
                }
            }
            return verdicts;
        }

        List<ColumnDifference> differences(List<String> columns) {
            List<ColumnDifference> differences = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                String s = Objects.requireNonNull(source).get(i);
                String t = Objects.requireNonNull(target).get(i);
                if (!Objects.equals(s, t)) {
                    differences.add(new ColumnDifference(columns.get(i), s, t));
                }
            }
            return differences;
        }
    }
}
