package dev.strangler.sync.verify;

import dev.strangler.sync.mapping.DatabaseEndpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifier's connections to one database, kept between verifications: a new PostgreSQL backend runs its first
 * digest query at about 1.5 times the CPU of the same query on a backend that ran it before (measured loaded,
 * 1,000,000 customers: 0.44–0.69 against 0.29–0.48 CPU-s; its caches, and its mapping of the shared buffers, start
 * empty), besides the cost of opening it (a fork, authentication, the session's settings).
 *
 * <p>At most {@code capacity} are kept idle. A kept connection is checked before it is reused, so that one lost while
 * idle (a restarted server, a terminated backend) is replaced instead of failing the next verification; the
 * connections of a verification that failed are closed, not kept, whatever state the failure left them in.
 * Thread-safe.
 *
 * <p>Not a pool library's pool (HikariCP was tried): a pool caps the connections it hands out, and two verifications
 * of pipelines that share a database (customers and orders both read the shared database) each take three lanes at
 * once, so under a cap of three each could hold some and wait for the others until the pool's timeout. Here only the
 * idle ones are capped: a second verification at once opens its own, and whatever is given back beyond the capacity
 * is closed. A pool would also skip its check for a connection used in the last half second (HikariCP's alive-bypass
 * window), which is when a verification right after a lost backend would fail.
 */
final class KeptConnections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeptConnections.class);

    /** Seconds to wait for a kept connection to answer before it counts as lost. */
    private static final int CHECK_SECONDS = 5;

    private final DatabaseEndpoint database;
    private final int capacity;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    KeptConnections(DatabaseEndpoint database, int capacity) {
        this.database = database;
        this.capacity = capacity;
    }

    /** A kept connection that still answers, or a new one. */
    Connection take() throws SQLException {
        while (true) {
            Connection kept;
            synchronized (this) {
                if (closed) {
                    throw new SQLException("The verifier's connections to " + database + " are closed");
                }
                kept = idle.pollFirst();
            }
            if (kept == null) {
                return Verifier.connect(database, "strangler-verify");
            }
            if (answers(kept)) {
                return kept;
            }
            log.debug("A kept verifier connection to {} was lost; opening another", database);
            close(kept);
        }
    }

    /**
     * Takes back the connections of a verification: kept when it {@code completed}, up to the capacity, closed
     * otherwise.
     */
    void giveBack(List<Connection> connections, boolean completed) {
        List<Connection> surplus = new ArrayList<>();
        synchronized (this) {
            for (Connection connection : connections) {
                if (completed && !closed && idle.size() < capacity) {
                    idle.addFirst(connection);
                }
                else {
                    surplus.add(connection);
                }
            }
        }
        surplus.forEach(KeptConnections::close);
    }

    @Override
    public void close() {
        List<Connection> closing;
        synchronized (this) {
            closed = true;
            closing = new ArrayList<>(idle);
            idle.clear();
        }
        closing.forEach(KeptConnections::close);
    }

    private static boolean answers(Connection connection) {
        try {
            return connection.isValid(CHECK_SECONDS);
        }
        catch (SQLException ex) {
            return false;
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        }
        catch (SQLException ex) {
            log.debug("Could not close a verifier connection: {}", ex.getMessage());
        }
    }
}
