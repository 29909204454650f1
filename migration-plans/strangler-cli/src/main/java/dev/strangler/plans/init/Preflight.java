package dev.strangler.plans.init;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the monolith's database must allow before cdc-sync can capture the picked tables, checked without changing
 * anything (SELECTs on the catalog and settings only). It mirrors the forward checks of cdc-sync's capture preflight
 * ({@code dev.strangler.sync.capture.CapturePreflight}: PostgreSQL 16 or later, wal_level, free replication slots and WAL senders, the
 * REPLICATION privilege, each table's key and replica identity) with the same fixes, so that what {@code init}
 * passes the capture passes too; strangler-cli reaches cdc-sync only over HTTP and cannot call it. It adds the
 * SELECT privilege on each table, which the capture's first snapshot needs.
 */
final class Preflight {

    /**
     * One item of the checklist.
     *
     * @param fix the exact statement (or step) that makes a failed check pass, or null when it passed
     */
    record Check(String item, boolean passed, String detail, @Nullable String fix) {

        static Check ok(String item, String detail) {
            return new Check(item, true, detail, null);
        }

        static Check failed(String item, String detail, String fix) {
            return new Check(item, false, detail, fix);
        }
    }

    private Preflight() {
    }

    /**
     * @param slotsNeeded replication slots (and WAL senders) the stack's pipelines take on this database, one each
     */
    static List<Check> check(Connection connection, List<SourceSchema.Table> tables, int slotsNeeded)
            throws SQLException {
        List<Check> checks = new ArrayList<>();
        checks.add(version(connection));
        String walLevel = single(connection, "SELECT current_setting('wal_level')", null);
        checks.add("logical".equals(walLevel) ? Check.ok("wal_level", "logical")
                : Check.failed("wal_level", "is " + walLevel + "; logical decoding needs logical",
                        "ALTER SYSTEM SET wal_level = logical; -- then restart PostgreSQL"));
        int maxSlots = Integer.parseInt(single(connection, "SELECT current_setting('max_replication_slots')", null));
        int usedSlots = Integer.parseInt(single(connection, "SELECT count(*) FROM pg_replication_slots", null));
        int freeSlots = maxSlots - usedSlots;
        checks.add(freeSlots >= slotsNeeded
                ? Check.ok("replication slots", freeSlots + " of max_replication_slots = " + maxSlots + " free, "
                        + slotsNeeded + " needed")
                : Check.failed("replication slots", freeSlots + " of max_replication_slots = " + maxSlots
                        + " free, " + slotsNeeded + " needed (one per pipeline)",
                        "ALTER SYSTEM SET max_replication_slots = " + (usedSlots + slotsNeeded + 2)
                                + "; -- then restart PostgreSQL (or drop an unused slot)"));
        int maxSenders = Integer.parseInt(single(connection, "SELECT current_setting('max_wal_senders')", null));
        int usedSenders = Integer.parseInt(single(connection,
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'walsender'", null));
        int freeSenders = maxSenders - usedSenders;
        checks.add(freeSenders >= slotsNeeded
                ? Check.ok("WAL senders", freeSenders + " of max_wal_senders = " + maxSenders + " free, "
                        + slotsNeeded + " needed")
                : Check.failed("WAL senders", freeSenders + " of max_wal_senders = " + maxSenders + " free, "
                        + slotsNeeded + " needed (one per pipeline)",
                        "ALTER SYSTEM SET max_wal_senders = " + (usedSenders + slotsNeeded + 2)
                                + "; -- then restart PostgreSQL"));
        String user = single(connection, "SELECT current_user", null);
        boolean replicates = "true".equals(single(connection,
                "SELECT (rolsuper OR rolreplication)::text FROM pg_roles WHERE rolname = current_user", null));
        checks.add(replicates ? Check.ok("REPLICATION privilege of " + user, "superuser or REPLICATION")
                : Check.failed("REPLICATION privilege of " + user, "missing; capture streams the WAL as " + user,
                        "ALTER ROLE " + user + " WITH REPLICATION;"));
        for (SourceSchema.Table table : tables) {
            checks.add(select(connection, table, user));
            checks.add(key(table));
            checks.add(replicaIdentity(table));
        }
        return checks;
    }

    /**
     * PostgreSQL 16 or later: capture's loop guard asks pgoutput for {@code origin=none}, which older servers refuse
     * only once the stream starts. The service's database needs the same (the reverse direction captures it);
     * cdc-sync's own preflight checks it when the pipeline starts.
     */
    private static Check version(Connection connection) throws SQLException {
        String version = single(connection, "SHOW server_version", null);
        int number = Integer.parseInt(single(connection, "SELECT current_setting('server_version_num')", null));
        return number >= 160000 ? Check.ok("PostgreSQL version", version)
                : Check.failed("PostgreSQL version", "is " + version + "; capture needs PostgreSQL 16 or later: its "
                        + "loop guard asks pgoutput for origin=none (new in 16), so that neither direction captures "
                        + "the other's writes back, and the kit cannot capture safely without it",
                        "upgrade this server to PostgreSQL 16 or later (pg_upgrade, or dump and restore)");
    }

    private static Check select(Connection connection, SourceSchema.Table table, String user) throws SQLException {
        String item = table.qualified() + " SELECT";
        boolean granted = "true".equals(single(connection,
                "SELECT has_table_privilege(current_user, to_regclass(?), 'SELECT')::text", table.qualified()));
        return granted ? Check.ok(item, "granted to " + user)
                : Check.failed(item, "not granted to " + user + "; the first snapshot reads every row",
                        "GRANT SELECT ON " + table.qualified() + " TO " + user + ";");
    }

    private static Check key(SourceSchema.Table table) {
        Optional<SourceSchema.UniqueIndex> key = table.key();
        if (key.isPresent()) {
            SourceSchema.UniqueIndex index = key.get();
            String item = table.qualified() + " key " + columns(index.columns());
            return Check.ok(item, index.primary() ? "primary key " + index.name()
                    : "unique index " + index.name() + " (no primary key)");
        }
        String item = table.qualified() + " key";
        Optional<SourceSchema.UniqueIndex> nullable = table.uniqueIndexes().stream()
                .filter(SourceSchema.UniqueIndex::usable).findFirst();
        if (nullable.isPresent()) {
            List<String> columns = nullable.get().columns();
            return Check.failed(item, "no primary key; unique index " + nullable.get().name() + " " + columns(columns)
                    + " allows NULLs, so it cannot identify a row",
                    "ALTER TABLE " + table.qualified() + " " + String.join(", ",
                            columns.stream().map(c -> "ALTER COLUMN " + c + " SET NOT NULL").toList()) + ";");
        }
        return Check.failed(item, "no primary key and no unique index; rows cannot be matched on the other side",
                "ALTER TABLE " + table.qualified() + " ADD PRIMARY KEY (<the columns that identify a row>);");
    }

    /** Whether updates and deletes carry the key in their before-image (what capture matches rows on). */
    private static Check replicaIdentity(SourceSchema.Table table) {
        String item = table.qualified() + " replica identity";
        Optional<SourceSchema.UniqueIndex> key = table.key();
        String identity = identityText(table);
        if (key.isEmpty()) {
            return Check.failed(item, identity + "; without a key, updates and deletes carry nothing to match on",
                    "add the primary key above; replica identity DEFAULT then carries it");
        }
        Set<String> needed = Set.copyOf(key.get().columns());
        boolean carries = switch (table.replicaIdentity()) {
            case "f" -> true;
            case "d" -> table.primaryKey().map(pk -> Set.copyOf(pk.columns()).containsAll(needed)).orElse(false);
            case "i" -> table.uniqueIndexes().stream().filter(SourceSchema.UniqueIndex::replicaIdentity).findFirst()
                    .map(index -> Set.copyOf(index.columns()).containsAll(needed)).orElse(false);
            default -> false;
        };
        if (carries) {
            return Check.ok(item, identity + " carries " + columns(key.get().columns()));
        }
        String fix = key.get().primary() ? "ALTER TABLE " + table.qualified() + " REPLICA IDENTITY DEFAULT;"
                : "ALTER TABLE " + table.qualified() + " REPLICA IDENTITY USING INDEX " + key.get().name() + ";";
        return Check.failed(item, "updates and deletes would not carry " + columns(key.get().columns())
                + " under replica identity " + identity + " (or let capture set FULL: "
                + "capture.replica-identity: full in the pipeline)", fix);
    }

    private static String identityText(SourceSchema.Table table) {
        return switch (table.replicaIdentity()) {
            case "f" -> "FULL";
            case "i" -> table.uniqueIndexes().stream().filter(SourceSchema.UniqueIndex::replicaIdentity).findFirst()
                    .map(index -> "USING INDEX " + index.name()).orElse("USING INDEX");
            case "n" -> "NOTHING";
            default -> "DEFAULT";
        };
    }

    private static String columns(List<String> columns) {
        return "(" + String.join(", ", columns) + ")";
    }

    private static String single(Connection connection, String sql, @Nullable String parameter) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            if (parameter != null) {
                query.setString(1, parameter);
            }
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
