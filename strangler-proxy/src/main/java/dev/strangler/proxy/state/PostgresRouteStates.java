package dev.strangler.proxy.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.strangler.proxy.routing.RouteMode;
import dev.strangler.proxy.routing.RouteRule;
import dev.strangler.proxy.routing.RouteTable;

/**
 * Each rule's runtime mode in one PostgreSQL table shared by every replica. A switch is a single conditional
 * update on the version the switching replica last saw, so two replicas can never both win the same version.
 * Every call blocks: callers run it on their own threads, never on an event loop.
 */
final class PostgresRouteStates implements RouteStates, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(PostgresRouteStates.class);

    static final String TABLE = "strangler_route_state";

    private static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE + " (rule_id text PRIMARY KEY, "
            + "mode text NOT NULL, percent int NOT NULL, version bigint NOT NULL, "
            + "changed_at timestamptz NOT NULL DEFAULT now(), changed_by text NOT NULL, reason text NOT NULL)";

    private static final String SEED = "INSERT INTO " + TABLE + " (rule_id, mode, percent, version, changed_by, "
            + "reason) VALUES (?, ?, ?, ?, 'config', 'initial mode from the rules file') ON CONFLICT (rule_id) DO NOTHING";

    private static final String SELECT = "SELECT rule_id, mode, percent, version FROM " + TABLE;

    private static final String SWITCH = "UPDATE " + TABLE + " SET mode = ?, percent = ?, version = ?, "
            + "changed_at = now(), changed_by = ?, reason = ? WHERE rule_id = ? AND version = ?";

    private final HikariDataSource pool;

    private final String where;

    private final Duration startupWait;

    PostgresRouteStates(StateSettings.Postgres settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("strangler-route-state");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.username());
        config.setPassword(settings.password());
        // One connection for the poller, one for a switch; more would only hide a slow database.
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(1);
        // An unreachable database must turn into a quick 503, not an admin call hanging for half a minute.
        config.setConnectionTimeout(2000);
        config.setValidationTimeout(1000);
        config.addDataSourceProperty("connectTimeout", "2");
        config.addDataSourceProperty("socketTimeout", "5");
        config.addDataSourceProperty("ApplicationName", "strangler-proxy");
        // Start-up reports an unreachable database itself, naming the setting, instead of a pool exception.
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
        this.where = "table " + TABLE + " at " + settings.url();
        this.startupWait = settings.startupWait();
    }

    /**
     * Creates the table if absent and adds configured rules it does not know yet, in their configured modes. Waits up
     * to {@code startup-wait} for the database to accept a connection, saying so in the log while it waits.
     */
    void initialise(RouteTable configured) {
        long deadline = System.nanoTime() + this.startupWait.toNanos();
        for (int attempt = 1;; attempt++) {
            try {
                createAndSeed(configured);
                return;
            }
            catch (SQLException ex) {
                if (System.nanoTime() - deadline >= 0 || isRefusedForGood(ex)) {
                    throw new IllegalStateException("strangler.proxy.state.postgres.url: cannot prepare the route "
                            + "state " + this.where + " (" + ex.getMessage() + "); waited "
                            + this.startupWait.toSeconds() + " s (strangler.proxy.state.postgres.startup-wait)", ex);
                }
                logger.info("Waiting for the route state database ({}; attempt {}, up to {} s in all): {}",
                        this.where, attempt, this.startupWait.toSeconds(), ex.getMessage());
                pause();
            }
        }
    }

    private void createAndSeed(RouteTable configured) throws SQLException {
        try (Connection connection = this.pool.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement create = connection.createStatement();
                    PreparedStatement seed = connection.prepareStatement(SEED)) {
                create.execute(CREATE);
                for (RouteRule rule : configured.rules()) {
                    seed.setString(1, rule.id());
                    seed.setString(2, rule.mode().name());
                    seed.setInt(3, rule.percent());
                    seed.setLong(4, rule.version());
                    seed.addBatch();
                }
                seed.executeBatch();
                connection.commit();
            }
            catch (SQLException ex) {
                connection.rollback();
                throw ex;
            }
        }
    }

    /**
     * A database that answered and refused (a wrong password, a missing database, a statement it rejects) will not
     * change its mind by waiting; only an unreachable one (no connection, SQL state class 08) or one still starting
     * (57P03) is waited for.
     */
    private static boolean isRefusedForGood(SQLException ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && !sql.getSQLState().startsWith("08")
                    && !sql.getSQLState().equals("57P03")) {
                return true;
            }
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the route state database", ex);
        }
    }

    @Override
    public Map<String, RouteStateStore.SavedState> load() {
        Map<String, RouteStateStore.SavedState> saved = new HashMap<>();
        try (Connection connection = this.pool.getConnection();
                Statement select = connection.createStatement();
                ResultSet rows = select.executeQuery(SELECT)) {
            while (rows.next()) {
                saved.put(rows.getString(1), new RouteStateStore.SavedState(mode(rows.getString(1), rows.getString(2)),
                        rows.getInt(3), rows.getLong(4)));
            }
            return saved;
        }
        catch (SQLException ex) {
            throw unavailable(ex);
        }
    }

    @Override
    public void save(RouteTable next, RouteRule before, RouteRule switched, String actor, String reason) {
        int updated;
        // One statement in auto-commit is one transaction: the switch is stored whole or not at all.
        try (Connection connection = this.pool.getConnection();
                PreparedStatement update = connection.prepareStatement(SWITCH)) {
            update.setString(1, switched.mode().name());
            update.setInt(2, switched.percent());
            update.setLong(3, switched.version());
            update.setString(4, actor);
            update.setString(5, reason);
            update.setString(6, before.id());
            update.setLong(7, before.version());
            updated = update.executeUpdate();
        }
        catch (SQLException ex) {
            throw unavailable(ex);
        }
        if (updated != 1) {
            throw new SwitchedElsewhereException(before.id());
        }
    }

    @Override
    public String where() {
        return this.where;
    }

    @Override
    public void close() {
        this.pool.close();
    }

    private RouteMode mode(String id, String stored) {
        try {
            return RouteMode.valueOf(stored);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException("Route state " + this.where + " holds an unknown mode '" + stored
                    + "' for rule " + id + "; fix the row");
        }
    }

    private RouteSwitchboard.StateUnavailableException unavailable(SQLException ex) {
        return new RouteSwitchboard.StateUnavailableException("Route state " + this.where + " is unreachable ("
                + ex.getMessage() + "); nothing was changed", ex);
    }

}
