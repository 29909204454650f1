package dev.strangler.sync.verify;

import dev.strangler.sync.capture.ChangeCapture;
import dev.strangler.sync.capture.Lsn;
import dev.strangler.sync.capture.SourcePositions;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Waits until a stream has applied everything its captured database committed before a WAL position, by reading the
 * position the applier commits with the rows ({@code strangler_sync_position}), so it works whether the pipeline
 * runs in this process or another.
 *
 * <p>The stored offset is that of the newest record applied, and a record at WAL position {@code p} is only decoded
 * after every transaction that committed before {@code p}; so once it is at or past the position, every commit
 * before the position is in the target. A marker written after the position makes such a record come promptly,
 * without waiting for the next heartbeat.
 */
final class AppliedPosition {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AppliedPosition() {
    }

    /** {@code pg_current_wal_lsn()} of a database, as a number. */
    static long currentLsn(Connection captured) throws SQLException {
        try (PreparedStatement query = captured.prepareStatement("SELECT pg_current_wal_lsn()::text");
                ResultSet rs = query.executeQuery()) {
            rs.next();
            return Lsn.parse(rs.getString(1)).value();
        }
    }

    /** @return false when the stream did not get there within {@code timeout} (e.g. the pipeline is stopped) */
    static boolean awaitAppliedPast(long lsn, DatabaseEndpoint captured, DatabaseEndpoint applied, String stream,
            Duration timeout) throws SQLException, InterruptedException {
        if (timeout.isZero()) {
            return false;
        }
        ChangeCapture.emitMarker(captured, "strangler-verify-" + UUID.randomUUID());
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 5;
        try (Connection connection = Verifier.connect(applied, "strangler-verify-position")) {
            while (true) {
                if (appliedLsn(connection, stream) >= lsn) {
                    return true;
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(pause);
                pause = Math.min(100, pause * 2);
            }
        }
    }

    /** The WAL position of the newest record the stream applied; -1 when none, or while it is still snapshotting. */
    static long appliedLsn(Connection applied, String stream) throws SQLException {
        try (PreparedStatement query = applied.prepareStatement(
                "SELECT source_offset, snapshot FROM " + SourcePositions.TABLE + " WHERE stream = ?")) {
            query.setString(1, stream);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next() || rs.getBoolean(2)) {
                    return -1;
                }
                JsonNode lsn = JSON.readTree(rs.getString(1)).get("lsn");
                return lsn == null || !lsn.isNumber() ? -1 : lsn.asLong();
            }
        }
        catch (SQLException ex) {
            if ("42P01".equals(ex.getSQLState())) {
                return -1; // no position table yet: the stream never applied a batch
            }
            throw ex;
        }
    }
}
