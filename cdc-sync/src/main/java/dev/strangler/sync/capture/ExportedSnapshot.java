package dev.strangler.sync.capture;

import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.postgresql.replication.LogSequenceNumber;

/**
 * A stream's slot, created with an exported snapshot: the state of the captured database exactly at the slot's
 * consistent point. Every transaction committed before that point is in the snapshot, every one after it comes
 * through the slot, so a copy read in the snapshot followed by streaming from the slot neither misses nor repeats a
 * change (the way PostgreSQL's own table synchronisation and PeerDB start a stream).
 *
 * <p>The snapshot can be imported ({@code SET TRANSACTION SNAPSHOT}) only while the replication connection that
 * created the slot stays open and idle, so this object holds it until {@link #close()}; a transaction that imported
 * the snapshot keeps it after that.
 */
public final class ExportedSnapshot implements AutoCloseable {

    private final Connection replication;
    private final String name;
    private final long consistentPoint;

    private ExportedSnapshot(Connection replication, String name, long consistentPoint) {
        this.replication = replication;
        this.name = name;
        this.consistentPoint = consistentPoint;
    }

    /**
     * Creates the stream's publication (only the given tables, as capture's {@code filtered} mode would) when it is
     * missing, then the slot with {@code pgoutput}, exporting its snapshot. The publication comes first:
     * {@code pgoutput} looks it up as of each decoded change, so one created after the slot fails the stream.
     *
     * @throws SQLException when the slot exists already (drop the stream first) or the user may not replicate
     */
    public static ExportedSnapshot create(DatabaseEndpoint database, String stream, Set<TableName> tables)
            throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement exists = connection.prepareStatement(
                        "SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            exists.setString(1, stream);
            boolean present;
            try (ResultSet rs = exists.executeQuery()) {
                present = rs.next();
            }
            if (!present) {
                try (Statement create = connection.createStatement()) {
                    // Names come from the pipeline's configuration (validated identifiers), never from a request.
                    create.execute("CREATE PUBLICATION " + stream + " FOR TABLE " + tables.stream()
                            .map(TableName::toString).sorted().collect(Collectors.joining(", ")));
                }
            }
        }
        Properties props = new Properties();
        props.setProperty("replication", "database");
        props.setProperty("assumeMinServerVersion", "10");
        // Replication commands only go through the simple query protocol.
        props.setProperty("preferQueryMode", "simple");
        props.setProperty("ApplicationName", "strangler-" + stream + "-copy");
        Connection replication = database.connect(props);
        try (Statement statement = replication.createStatement();
                ResultSet rs = statement.executeQuery("CREATE_REPLICATION_SLOT " + stream
                        + " LOGICAL pgoutput (SNAPSHOT 'export')")) {
            rs.next();
            long consistentPoint = LogSequenceNumber.valueOf(rs.getString("consistent_point")).asLong();
            return new ExportedSnapshot(replication, rs.getString("snapshot_name"), consistentPoint);
        }
        catch (SQLException | RuntimeException ex) {
            replication.close();
            throw ex;
        }
    }

    /** Makes {@code connection}'s new transaction read the snapshot (repeatable read, read only). */
    public void importInto(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        try (PreparedStatement set = connection.prepareStatement("SET TRANSACTION SNAPSHOT '" + name + "'")) {
            // The name is PostgreSQL's own (e.g. 00000003-00000002-1), not user input; SET takes no parameter.
            set.execute();
        }
    }

    /** The slot's consistent point: the first WAL position the stream reads after the copy. */
    public long consistentPoint() {
        return consistentPoint;
    }

    /**
     * The position to store with the copy's last rows: Debezium resumes streaming from the slot's consistent point
     * with it ({@code snapshot.mode=no_data}), so the copy is never taken again.
     */
    public SourcePosition streamingPosition() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        return new SourcePosition("{\"lsn\":" + consistentPoint + ",\"ts_usec\":" + micros + "}", null,
                consistentPoint, false);
    }

    @Override
    public void close() throws SQLException {
        replication.close();
    }
}
