package dev.strangler.sync.capture;

import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.ReplicaIdentityMode;
import dev.strangler.sync.mapping.RowCondition;
import dev.strangler.sync.mapping.TableMapping;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.mapping.TargetTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What must hold before a pipeline creates its slot and publication in one direction, checked without changing
 * either database: PostgreSQL 16 or later on both databases (each is captured in one direction or the other, and
 * capture's loop guard needs pgoutput's {@code origin} option), {@code wal_level=logical}, a free replication slot and WAL sender (this stream's own slot counts as
 * available), the capture user's REPLICATION attribute (or superuser); for every captured table that the pipeline's
 * key is its primary key or a unique index and that its replica identity makes updates and deletes carry that key
 * (and, captured in reverse, the {@code reverse-when} columns); for every written table that the key is its primary
 * key or a unique index (the upsert's {@code ON CONFLICT} needs one).
 *
 * <p>{@link #check} returns every check with its outcome, so that a caller can print it as a checklist;
 * {@link #prepare} refuses to go on with one message per problem, each naming table, key and the exact fix. Only with
 * {@code capture.replica-identity: full} in the pipeline file does it change anything: it sets
 * {@code REPLICA IDENTITY FULL} on the captured tables that need it and returns each change with its undo.
 */
public final class CapturePreflight {

    /**
     * One item of the checklist.
     *
     * @param item what was checked, e.g. {@code public.customers key (id)} or {@code wal_level}
     * @param detail what was found; for a failed check the problem and the exact fix
     */
    public record Check(String item, boolean passed, String detail) {

        @Override
        public String toString() {
            return (passed ? "[ok] " : "[!!] ") + item + ": " + detail;
        }
    }

    /** A replica identity capture changes because the pipeline opted in, and the statement that undoes it. */
    public record IdentityChange(TableName table, String undo) {
    }

    /**
     * The outcome of every check of one pipeline direction.
     *
     * @param changes replica identities capture will set to FULL (opted in), each with its undo
     */
    public record Result(String pipeline, Direction direction, List<Check> checks, List<IdentityChange> changes) {

        public Result {
            checks = List.copyOf(checks);
            changes = List.copyOf(changes);
        }

        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }

        public List<Check> problems() {
            return checks.stream().filter(c -> !c.passed()).toList();
        }

        /** One line per check, {@code [ok]} or {@code [!!]} first. */
        public String checklist() {
            return checks.stream().map(Check::toString).collect(Collectors.joining("\n"));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(CapturePreflight.class);

    private CapturePreflight() {
    }

    /**
     * Checks, then (only when opted in) sets the replica identities that need it; returns what it changed.
     *
     * @throws IllegalStateException listing every problem with its fix, when a check fails; nothing was changed then
     */
    public static List<IdentityChange> prepare(PipelineDefinition pipeline, Direction direction) {
        Result result = check(pipeline, direction);
        if (!result.passed()) {
            throw new IllegalStateException("Pipeline " + pipeline.name() + " cannot capture " + direction + ", "
                    + "nothing was changed; fix first:\n" + result.problems().stream()
                            .map(p -> "- " + p.item() + ": " + p.detail()).collect(Collectors.joining("\n")));
        }
        DatabaseEndpoint captured = pipeline.captured(direction);
        try (Connection connection = captured.connect(); Statement statement = connection.createStatement()) {
            for (IdentityChange change : result.changes()) {
                statement.execute("ALTER TABLE " + change.table() + " REPLICA IDENTITY FULL");
                log.warn("Capture set REPLICA IDENTITY FULL on {} (capture.replica-identity: full in pipeline {}); "
                        + "undo: {}", change.table(), pipeline.name(), change.undo());
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not set REPLICA IDENTITY FULL on " + result.changes() + " in "
                    + captured + ": " + ex.getMessage(), ex);
        }
        return result.changes();
    }

    /** Runs every check of {@code pipeline} captured in {@code direction}; changes nothing. */
    public static Result check(PipelineDefinition pipeline, Direction direction) {
        String stream = pipeline.streamName(direction);
        List<Check> checks = new ArrayList<>();
        List<IdentityChange> changes = new ArrayList<>();
        DatabaseEndpoint captured = pipeline.captured(direction);
        try (Connection connection = captured.connect()) {
            checks.add(versionCheck(connection, captured));
            server(connection, stream, checks);
            for (Map.Entry<TableName, Needs> table : capturedTables(pipeline, direction).entrySet()) {
                Table found = Table.read(connection, table.getKey());
                if (found == null) {
                    checks.add(new Check(table.getKey().toString(), false, "table not found in " + captured));
                    continue;
                }
                checks.add(keyCheck(found, table.getValue().key()));
                checks.add(identityCheck(found, table.getValue(), pipeline.replicaIdentity(), changes));
            }
        }
        catch (SQLException ex) {
            checks.add(new Check("captured database " + captured, false, "cannot be read: " + ex.getMessage()));
        }
        DatabaseEndpoint written = pipeline.applied(direction);
        try (Connection connection = written.connect()) {
            checks.add(versionCheck(connection, written));
            for (Map.Entry<TableName, List<String>> table : writtenTables(pipeline, direction).entrySet()) {
                Table found = Table.read(connection, table.getKey());
                checks.add(found == null ? new Check(table.getKey().toString(), false, "table not found in " + written)
                        : keyCheck(found, table.getValue()));
            }
        }
        catch (SQLException ex) {
            checks.add(new Check("written database " + written, false, "cannot be read: " + ex.getMessage()));
        }
        return new Result(pipeline.name(), direction, checks, changes);
    }

    /** The oldest PostgreSQL whose pgoutput knows {@code origin=none}, as {@code server_version_num}. */
    static final int OLDEST_SERVER = 160000;

    /**
     * PostgreSQL 16 or later: capture asks pgoutput for {@code origin=none} (the loop guard that keeps the opposite
     * direction's writes from being captured back), which older servers reject only once the stream starts
     * ({@code unrecognized pgoutput option: origin}). The written database is checked too: every pipeline captures it
     * when it runs in reverse, and both directions run at once around a cut-over, so a forward-only exception would
     * leave that moment unguarded.
     */
    private static Check versionCheck(Connection connection, DatabaseEndpoint database) throws SQLException {
        String item = "PostgreSQL version of " + database.jdbcUrl();
        String version = single(connection, "SHOW server_version", null);
        int number = Integer.parseInt(single(connection, "SELECT current_setting('server_version_num')", null));
        if (number >= OLDEST_SERVER) {
            return new Check(item, true, version);
        }
        return new Check(item, false, "is " + version + "; the kit needs PostgreSQL 16 or later on every database a "
                + "pipeline captures (source and target: the target is captured in reverse): its loop guard asks "
                + "pgoutput for origin=none, which PostgreSQL 16 introduced, so that neither direction captures the "
                + "other's writes back. The kit cannot capture safely without it; fix: upgrade this server to "
                + "PostgreSQL 16 or later (pg_upgrade, or dump and restore), then start the pipeline again");
    }

    /** wal_level, free slots and WAL senders, and the capture user's right to replicate. */
    private static void server(Connection connection, String stream, List<Check> checks) throws SQLException {
        String walLevel = single(connection, "SELECT current_setting('wal_level')", null);
        checks.add(new Check("wal_level", "logical".equals(walLevel), "logical".equals(walLevel) ? "logical"
                : "is " + walLevel + "; set wal_level = logical in postgresql.conf and restart PostgreSQL"));
        int maxSlots = Integer.parseInt(single(connection, "SELECT current_setting('max_replication_slots')", null));
        int otherSlots = Integer.parseInt(single(connection,
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name <> ?", stream));
        checks.add(new Check("replication slots", otherSlots < maxSlots, otherSlots < maxSlots
                ? (maxSlots - otherSlots) + " of max_replication_slots = " + maxSlots + " available"
                : "all " + maxSlots + " slots (max_replication_slots) are used by other streams; drop an unused slot "
                        + "(pg_drop_replication_slot) or raise max_replication_slots and restart PostgreSQL"));
        int maxSenders = Integer.parseInt(single(connection, "SELECT current_setting('max_wal_senders')", null));
        // The walsender still holding this stream's own slot (a previous engine) is ended before the new one starts.
        int otherSenders = Integer.parseInt(single(connection, "SELECT count(*) FROM pg_stat_activity "
                + "WHERE backend_type = 'walsender' AND pid NOT IN (SELECT active_pid FROM pg_replication_slots "
                + "WHERE slot_name = ? AND active_pid IS NOT NULL)", stream));
        checks.add(new Check("WAL senders", otherSenders < maxSenders, otherSenders < maxSenders
                ? (maxSenders - otherSenders) + " of max_wal_senders = " + maxSenders + " available"
                : "all " + maxSenders + " WAL senders (max_wal_senders) are in use; raise max_wal_senders and "
                        + "restart PostgreSQL"));
        String user = single(connection, "SELECT current_user", null);
        boolean replicates = "true".equals(single(connection,
                "SELECT (rolsuper OR rolreplication)::text FROM pg_roles WHERE rolname = current_user", null));
        checks.add(new Check("REPLICATION privilege of " + user, replicates, replicates
                ? "superuser or REPLICATION" : "missing; ALTER ROLE " + user + " WITH REPLICATION;"));
    }

    private static Check keyCheck(Table table, List<String> key) {
        String item = table.name + " key " + columns(key);
        for (Index index : table.indexes) {
            if (index.usable && Set.copyOf(index.columns).equals(Set.copyOf(key))) {
                return new Check(item, true, (index.primary ? "primary key " : "unique index ") + index.name);
            }
        }
        return new Check(item, false, "matches neither the primary key nor a unique index of " + table.name
                + "; add a primary key or unique index on " + columns(key) + ", or change the pipeline's key");
    }

    /**
     * Whether updates and deletes carry what the mapping reads from their before-image: the key, and captured in
     * reverse the {@code reverse-when} columns (a row that stops qualifying must be noticed).
     */
    private static Check identityCheck(Table table, Needs needs, ReplicaIdentityMode mode,
            List<IdentityChange> changes) {
        String item = table.name + " replica identity";
        if (table.carries(needs.beforeImage())) {
            return new Check(item, true, table.identityText() + " carries " + columns(needs.beforeImage()));
        }
        String undo = "ALTER TABLE " + table.name + " REPLICA IDENTITY " + table.identityText() + ";";
        if (mode == ReplicaIdentityMode.FULL) {
            changes.add(new IdentityChange(table.name, undo));
            return new Check(item, true, table.identityText() + " does not carry " + columns(needs.beforeImage())
                    + "; capture sets REPLICA IDENTITY FULL (capture.replica-identity: full); undo: " + undo);
        }
        Index index = needs.beforeImage().equals(Set.copyOf(needs.key())) ? table.identityCandidate(needs.key())
                : null;
        String fix = index != null
                ? "ALTER TABLE " + table.name + " REPLICA IDENTITY USING INDEX " + index.name + ";"
                : table.hasUniqueIndexOn(needs.key()) || !needs.beforeImage().equals(Set.copyOf(needs.key()))
                        ? "ALTER TABLE " + table.name + " REPLICA IDENTITY FULL;"
                        : "add a primary key or unique index on " + columns(needs.key()) + " (NOT NULL columns), "
                                + "then ALTER TABLE " + table.name + " REPLICA IDENTITY USING INDEX <that index>;";
        return new Check(item, false, "updates and deletes would not carry " + columns(needs.beforeImage())
                + " (replica identity " + table.identityText() + "); fix: " + fix + " Or let capture set "
                + "REPLICA IDENTITY FULL: capture.replica-identity: full in the pipeline file");
    }

    /** What the mapping needs of a captured table: its key, and what its before-images must carry. */
    private record Needs(List<String> key, Set<String> beforeImage) {
    }

    private static Map<TableName, Needs> capturedTables(PipelineDefinition pipeline, Direction direction) {
        Map<TableName, Needs> tables = new LinkedHashMap<>();
        for (TableMapping mapping : pipeline.tables()) {
            if (direction == Direction.FORWARD) {
                tables.put(mapping.source(), new Needs(mapping.key(), new LinkedHashSet<>(mapping.key())));
                continue;
            }
            for (TargetTable target : mapping.targets()) {
                Set<String> beforeImage = new LinkedHashSet<>(target.key());
                target.reverseWhen().stream().map(RowCondition::column).forEach(beforeImage::add);
                tables.put(target.table(), new Needs(target.key(), beforeImage));
            }
        }
        return tables;
    }

    private static Map<TableName, List<String>> writtenTables(PipelineDefinition pipeline, Direction direction) {
        Map<TableName, List<String>> tables = new LinkedHashMap<>();
        for (TableMapping mapping : pipeline.tables()) {
            if (direction == Direction.FORWARD) {
                mapping.targets().forEach(target -> tables.put(target.table(), target.key()));
            }
            else {
                tables.put(mapping.source(), mapping.key());
            }
        }
        return tables;
    }

    /** A unique index: name, columns (in index order), and whether it can be a key or a replica identity. */
    private record Index(String name, List<String> columns, boolean primary, boolean identity, boolean usable,
            boolean notNull) {
    }

    /** A table as the catalog describes it: replica identity ({@code d}, {@code f}, {@code i}, {@code n}), indexes. */
    private record Table(TableName name, String replident, List<Index> indexes) {

        static @Nullable Table read(Connection connection, TableName name) throws SQLException {
            String replident = single(connection, "SELECT relreplident::text FROM pg_class WHERE oid = to_regclass(?)",
                    name.toString());
            if (replident == null) {
                return null;
            }
            List<Index> indexes = new ArrayList<>();
            // Expression columns (attnum 0) find no attribute; such an index is not usable anyway.
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT quote_ident(ic.relname), array_agg(a.attname::text ORDER BY k.ord), bool_or(i.indisprimary),
                           bool_or(i.indisreplident),
                           bool_and(i.indpred IS NULL AND i.indexprs IS NULL AND i.indisvalid AND i.indimmediate),
                           bool_and(a.attnotnull)
                    FROM pg_index i
                    JOIN pg_class ic ON ic.oid = i.indexrelid
                    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                    WHERE i.indrelid = to_regclass(?) AND i.indisunique
                    GROUP BY ic.relname ORDER BY bool_or(i.indisprimary) DESC, ic.relname""")) {
                query.setString(1, name.toString());
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        indexes.add(new Index(rs.getString(1), Arrays.asList((String[]) rs.getArray(2).getArray()),
                                rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6)));
                    }
                }
            }
            return new Table(name, replident, indexes);
        }

        /** Whether an update's or delete's before-image carries {@code needed} under this table's replica identity. */
        boolean carries(Set<String> needed) {
            Set<String> carried = switch (replident) {
                case "f" -> null;
                case "d" -> indexes.stream().filter(Index::primary).findFirst().map(i -> Set.copyOf(i.columns()))
                        .orElse(Set.of());
                case "i" -> indexes.stream().filter(Index::identity).findFirst().map(i -> Set.copyOf(i.columns()))
                        .orElse(Set.of());
                default -> Set.of();
            };
            return carried == null || carried.containsAll(needed);
        }

        String identityText() {
            return switch (replident) {
                case "f" -> "FULL";
                case "i" -> indexes.stream().filter(Index::identity).findFirst()
                        .map(i -> "USING INDEX " + i.name()).orElse("USING INDEX");
                case "n" -> "NOTHING";
                default -> "DEFAULT";
            };
        }

        /** An index that can serve as replica identity for {@code key}: unique, plain, valid, NOT NULL columns. */
        @Nullable Index identityCandidate(List<String> key) {
            return indexes.stream().filter(i -> i.usable() && i.notNull()
                    && Set.copyOf(i.columns()).equals(Set.copyOf(key))).findFirst().orElse(null);
        }

        boolean hasUniqueIndexOn(List<String> key) {
            return indexes.stream().anyMatch(i -> i.usable() && Set.copyOf(i.columns()).equals(Set.copyOf(key)));
        }
    }

    private static String columns(java.util.Collection<String> columns) {
        return "(" + String.join(", ", columns) + ")";
    }

    private static @Nullable String single(Connection connection, String sql, @Nullable String parameter)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            if (parameter != null) {
                query.setString(1, parameter);
            }
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
