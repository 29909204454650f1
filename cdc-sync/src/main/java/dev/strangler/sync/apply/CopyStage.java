package dev.strangler.sync.apply;

import dev.strangler.sync.mapping.RowWrite;
import dev.strangler.sync.mapping.TableName;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The initial copy's upserts of one chunk, staged per target table and column set and written set-based: the rows go
 * with {@code COPY … FROM STDIN} (text format) into a temporary table of the target's column types on the applier's
 * connection, in the chunk's transaction, and then into the target with one {@code INSERT … SELECT … ON CONFLICT}
 * of the same meaning as the stream's per-row upsert (same columns, same conflict key, same version guard). Repeating
 * a chunk repeats an upsert of current state, so a copy started again after a stop copies every row once.
 *
 * <p>A value goes this way only when its text form is read by the target column's input function exactly as the
 * stream's bound parameter would be: strings and lists (which the stream sends untyped, so the server parses them the
 * same way) into any column, and numbers, booleans, uuids, dates and times, byte arrays only into a column of their
 * own type. Any other value refuses the row ({@link #add} returns false) and the caller writes it the stream's way.
 * Not thread-safe: the applier's lock guards it.
 */
final class CopyStage {

    /** Column types a value of a matching Java type is written to as its text form. */
    private enum ColumnKind {
        INTEGER, NUMERIC, BOOLEAN, UUID, TIMESTAMPTZ, TIMESTAMP, DATE, TIME, BYTEA, OTHER
    }

    private static final DateTimeFormatter OFFSET_DATE_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final DateTimeFormatter LOCAL_DATE_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;
    /** Staging tables kept on the connection; a pipeline writes a handful of tables and column sets. */
    private static final int MAX_SHAPES = 64;

    /** One target table and column set's rows of the chunk, as COPY text. */
    private static final class Group {

        final TableName table;
        final List<String> columns;
        final List<String> key;
        final @Nullable String versionColumn;
        final ColumnKind[] kinds;
        final String staging;
        final StringBuilder text = new StringBuilder(1 << 16);
        int rows;

        Group(TableName table, List<String> columns, List<String> key, @Nullable String versionColumn,
                ColumnKind[] kinds, String staging) {
            this.table = table;
            this.columns = columns;
            this.key = key;
            this.versionColumn = versionColumn;
            this.kinds = kinds;
            this.staging = staging;
        }

        boolean fits(RowWrite.Upsert upsert) {
            if (!table.equals(upsert.table()) || !key.equals(upsert.key())
                    || !java.util.Objects.equals(versionColumn, upsert.versionColumn())
                    || upsert.values().size() != columns.size()) {
                return false;
            }
            int i = 0;
            for (String column : upsert.values().keySet()) {
                if (!column.equals(columns.get(i++))) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Map<TableName, Map<String, ColumnKind>> columnKinds = new HashMap<>();
    /** Staging table of each table and column set seen on this connection (kept across chunks). */
    private final List<Group> shapes = new ArrayList<>();
    /** Groups with rows in the current chunk. */
    private final List<Group> staged = new ArrayList<>();
    /** Tables written the stream's way in the current chunk: none of their rows may be staged as well. */
    private final Set<TableName> direct = new HashSet<>();
    private final Set<TableName> stagedTables = new HashSet<>();
    private int names;

    /** Stages one upsert; false when it must be written the stream's way (see the class comment). */
    boolean add(Connection c, RowWrite.Upsert upsert) throws SQLException {
        if (direct.contains(upsert.table())) {
            return false;
        }
        Group group = groupOf(c, upsert);
        int mark = group.text.length();
        int i = 0;
        for (Object value : upsert.values().values()) {
            if (i > 0) {
                group.text.append('\t');
            }
            if (!append(group.text, value, group.kinds[i++])) {
                group.text.setLength(mark);
                return false;
            }
        }
        group.text.append('\n');
        if (group.rows++ == 0) {
            staged.add(group);
            stagedTables.add(group.table);
        }
        return true;
    }

    /**
     * Notes that a write to {@code table} goes the stream's way; false when rows of that table are staged already, so
     * the order of the two could matter and the chunk must go the stream's way as a whole.
     */
    boolean writtenDirectly(TableName table) {
        direct.add(table);
        return !stagedTables.contains(table);
    }

    /** Writes the staged rows into their tables, in the order their tables were first staged. */
    void flush(Connection c) throws SQLException {
        try {
            for (Group group : staged) {
                try (Statement statement = c.createStatement()) {
                    // ON COMMIT DELETE ROWS: every chunk's transaction starts with an empty staging table; a rolled
                    // back chunk takes the table's creation with it, hence IF NOT EXISTS.
                    statement.execute("CREATE TEMPORARY TABLE IF NOT EXISTS " + group.staging
                            + " ON COMMIT DELETE ROWS AS SELECT " + String.join(", ", group.columns) + " FROM "
                            + group.table + " WITH NO DATA");
                }
                byte[] rows = group.text.toString().getBytes(StandardCharsets.UTF_8);
                CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + group.staging + " ("
                        + String.join(", ", group.columns) + ") FROM STDIN");
                try {
                    copy.writeToCopy(rows, 0, rows.length);
                    copy.endCopy();
                }
                finally {
                    if (copy.isActive()) {
                        copy.cancelCopy();
                    }
                }
                try (Statement statement = c.createStatement()) {
                    statement.executeUpdate(ChangeApplier.upsertSql(group.table, group.columns, group.key,
                            group.versionColumn, "SELECT " + String.join(", ", group.columns) + " FROM "
                                    + group.staging));
                }
            }
        }
        finally {
            clear();
        }
    }

    /** Forgets the current chunk (written, or rolled back). */
    void clear() {
        for (Group group : staged) {
            group.text.setLength(0);
            group.rows = 0;
        }
        staged.clear();
        stagedTables.clear();
        direct.clear();
    }

    private Group groupOf(Connection c, RowWrite.Upsert upsert) throws SQLException {
        for (int i = staged.size() - 1; i >= 0; i--) {
            if (staged.get(i).fits(upsert)) {
                return staged.get(i);
            }
        }
        for (Group shape : shapes) {
            if (shape.fits(upsert)) {
                return shape;
            }
        }
        if (shapes.size() >= MAX_SHAPES) {
            shapes.removeIf(shape -> shape.rows == 0);
        }
        Map<String, ColumnKind> kinds = columnKinds.get(upsert.table());
        if (kinds == null) {
            kinds = readColumnKinds(c, upsert.table());
            columnKinds.put(upsert.table(), kinds);
        }
        List<String> columns = List.copyOf(upsert.values().keySet());
        ColumnKind[] columnKinds = new ColumnKind[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            columnKinds[i] = kinds.getOrDefault(columns.get(i), ColumnKind.OTHER);
        }
        Group group = new Group(upsert.table(), columns, List.copyOf(upsert.key()), upsert.versionColumn(),
                columnKinds, "strangler_copy_" + names++);
        shapes.add(group);
        return group;
    }

    private static Map<String, ColumnKind> readColumnKinds(Connection c, TableName table) throws SQLException {
        Map<String, ColumnKind> kinds = new HashMap<>();
        try (PreparedStatement query = c.prepareStatement("SELECT a.attname, t.typname FROM pg_attribute a "
                + "JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = ?::regclass AND a.attnum > 0 "
                + "AND NOT a.attisdropped")) {
            query.setString(1, table.toString());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    kinds.put(rs.getString(1), switch (rs.getString(2)) {
                        case "int2", "int4", "int8" -> ColumnKind.INTEGER;
                        case "numeric" -> ColumnKind.NUMERIC;
                        case "bool" -> ColumnKind.BOOLEAN;
                        case "uuid" -> ColumnKind.UUID;
                        case "timestamptz" -> ColumnKind.TIMESTAMPTZ;
                        case "timestamp" -> ColumnKind.TIMESTAMP;
                        case "date" -> ColumnKind.DATE;
                        case "time" -> ColumnKind.TIME;
                        case "bytea" -> ColumnKind.BYTEA;
                        default -> ColumnKind.OTHER;
                    });
                }
            }
        }
        return kinds;
    }

    /**
     * Appends {@code value} as COPY text for a column of {@code kind}; false when its text form could be read
     * differently from the stream's bound parameter (then nothing is appended that counts: the caller cuts it off).
     */
    private static boolean append(StringBuilder text, @Nullable Object value, ColumnKind kind) {
        if (value == null) {
            text.append("\\N");
            return true;
        }
        if (value instanceof String string) {
            escape(text, string);
            return true;
        }
        if (value instanceof List<?> list) {
            escape(text, ChangeApplier.arrayLiteral(list));
            return true;
        }
        switch (kind) {
            case INTEGER, NUMERIC -> {
                if (value instanceof Long || value instanceof Integer || value instanceof Short) {
                    text.append(((Number) value).longValue());
                    return true;
                }
                if (kind == ColumnKind.NUMERIC && value instanceof BigDecimal decimal) {
                    text.append(decimal.toPlainString());
                    return true;
                }
                return false;
            }
            case BOOLEAN -> {
                if (value instanceof Boolean bool) {
                    text.append(bool ? "true" : "false");
                    return true;
                }
                return false;
            }
            case UUID -> {
                if (value instanceof UUID uuid) {
                    text.append(uuid);
                    return true;
                }
                return false;
            }
            case TIMESTAMPTZ -> {
                // Within years 1-9999 and whole microseconds: what PostgreSQL stores, read back without rounding
                // (the driver maps the extremes to infinity, which this path leaves to the stream's way).
                if (value instanceof OffsetDateTime time && plainYear(time.getYear())
                        && time.getNano() % 1000 == 0) {
                    OFFSET_DATE_TIME.formatTo(time, text);
                    return true;
                }
                return false;
            }
            case TIMESTAMP -> {
                if (value instanceof LocalDateTime time && plainYear(time.getYear()) && time.getNano() % 1000 == 0) {
                    LOCAL_DATE_TIME.formatTo(time, text);
                    return true;
                }
                return false;
            }
            case DATE -> {
                if (value instanceof LocalDate date && plainYear(date.getYear())) {
                    text.append(date);
                    return true;
                }
                return false;
            }
            case TIME -> {
                if (value instanceof LocalTime time && time.getNano() % 1000 == 0) {
                    DateTimeFormatter.ISO_LOCAL_TIME.formatTo(time, text);
                    return true;
                }
                return false;
            }
            case BYTEA -> {
                if (value instanceof byte[] bytes) {
                    // \x… hex input, its backslash doubled for COPY's text format.
                    text.append("\\\\x").append(java.util.HexFormat.of().formatHex(bytes));
                    return true;
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean plainYear(int year) {
        return year >= 1 && year <= 9999;
    }

    /** COPY text: backslash, newline, carriage return and tab escaped; everything else as is. */
    private static void escape(StringBuilder text, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> text.append(ch);
            }
        }
    }
}
