package dev.strangler.support.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server run from the zonky binaries, made safe to keep data in.
 *
 * <p>zonky's defaults suit throw-away test databases, not a store of record, so this class changes them:
 * <ul>
 *   <li>{@code fsync} and {@code synchronous_commit} are on: with zonky's defaults a crash lost hundreds of
 *       acknowledged commits;</li>
 *   <li>{@code wal_level=logical} with room for replication slots, so that Debezium can capture changes;</li>
 *   <li>the data directory is the caller's (never under {@code java.io.tmpdir/embedded-pg}, which a later zonky
 *       start may delete) and is kept across restarts;</li>
 *   <li>a server left running by a killed JVM is stopped first: zonky would otherwise "start" by silently reusing
 *       it with its old settings; a port held by another server is refused rather than shared;</li>
 *   <li>after start, {@code SHOW data_directory} must name this data directory.</li>
 * </ul>
 *
 * <p>Listens on localhost only. Authentication is {@code trust} for local connections (zonky's initdb), so this is
 * a developer and test default, not a production database.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The superuser that zonky's initdb creates. */
    public static final String SUPERUSER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration LEFTOVER_STOP_TIMEOUT = Duration.ofSeconds(30);

    /** Null when this object only attached to a server that another process started. */
    private final @Nullable EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final int port;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this(postgres, dataDirectory, postgres.getPort());
    }

    private EmbeddedPostgresServer(@Nullable EmbeddedPostgres postgres, Path dataDirectory, int port) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /**
     * Starts a server on {@code dataDirectory} (created and initialised if empty, reused otherwise).
     *
     * @param port the TCP port on localhost, or 0 for any free port
     * @throws IllegalStateException when the port is taken or the server that answered is not this one
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
            stopLeftoverServer(directory);
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(configured(directory, port).start(),
                    directory);
            server.verifyItIsThisServer();
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL in " + directory, ex);
        }
    }

    /**
     * Makes sure a server for {@code dataDirectory} runs on {@code port} and keeps running after this JVM exits:
     * for a command such as {@code strangler up} that starts a server other processes use. A server of this data
     * directory that already runs on that port is left as it is; one on another port is restarted.
     *
     * @return the server; its {@link #close()} stops the server only if this call started it
     */
    public static EmbeddedPostgresServer ensureRunningDetached(Path dataDirectory, int port) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
            Optional<Integer> runningPort = runningPort(directory);
            if (runningPort.isPresent() && runningPort.get() == port) {
                EmbeddedPostgresServer server = new EmbeddedPostgresServer(null, directory, port);
                server.verifyItIsThisServer();
                return server;
            }
            stopLeftoverServer(directory);
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(
                    configured(directory, port).setRegisterShutdownHook(false).start(), directory);
            server.verifyItIsThisServer();
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL in " + directory, ex);
        }
    }

    /** Stops the server of {@code dataDirectory} if one runs, whichever process started it. */
    public static boolean stop(Path dataDirectory) {
        try {
            Path directory = dataDirectory.toAbsolutePath().normalize();
            if (runningPort(directory).isEmpty()) {
                return false;
            }
            stopRunningServer(directory);
            return true;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The port of the server that runs on {@code dataDirectory}, if one does. */
    public static Optional<Integer> runningPort(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty() || ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive).filter(
                EmbeddedPostgresServer::isPostgres).isEmpty()) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        try {
            return lines.size() > 3 ? Optional.of(Integer.parseInt(lines.get(3).trim())) : Optional.empty();
        }
        catch (NumberFormatException ex) {
            return Optional.empty();
        }
    }

    private static EmbeddedPostgres.Builder configured(Path directory, int port) throws IOException {
        int chosenPort = port == 0 ? freePort() : requireFreePort(port, directory);
        return EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setPort(chosenPort)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "20")
                .setServerConfig("max_wal_senders", "20")
                .setServerConfig("max_connections", "200");
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The JDBC URL of a database on this server; the database need not exist yet. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + requireValidName(database);
    }

    /** The command that opens a psql session on a database of this server. */
    public String psqlCommand(String database) {
        return "psql -h localhost -p " + port() + " -U " + SUPERUSER + " " + requireValidName(database);
    }

    /** Creates the database unless it exists. Safe to call from several processes at once. */
    public void createDatabaseIfAbsent(String database) {
        String name = requireValidName(database);
        try (Connection connection = connect("postgres");
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                // Identifiers cannot be bound as parameters; the name was checked against DATABASE_NAME above.
                create.execute("CREATE DATABASE " + name);
            }
        }
        catch (SQLException ex) {
            // 42P04: another process created it between our check and our CREATE.
            if (!"42P04".equals(ex.getSQLState())) {
                throw new IllegalStateException("Could not create database '" + name + "': " + ex.getMessage(), ex);
            }
        }
    }

    /** A new connection to a database of this server, as the superuser. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    @Override
    public void close() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public String toString() {
        return "embedded PostgreSQL on localhost:" + port() + " with data in " + dataDirectory;
    }

    private void verifyItIsThisServer() {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SHOW data_directory")) {
            rs.next();
            Path served = Path.of(rs.getString(1)).toRealPath();
            if (!served.equals(dataDirectory.toRealPath())) {
                close();
                throw new IllegalStateException("Port " + port() + " is served by a PostgreSQL with data in " + served
                        + ", not " + dataDirectory + "; stop that server or choose another port");
            }
        }
        catch (SQLException | IOException ex) {
            throw new IllegalStateException("Could not check the embedded PostgreSQL on port " + port(), ex);
        }
    }

    static String requireValidName(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("Database name '" + database
                    + "' must be lower-case letters, digits and underscores, starting with a letter");
        }
        return database;
    }

    /**
     * A JVM killed with {@code kill -9} leaves its postgres running (zonky starts it detached). Stop it through the
     * PID in {@code postmaster.pid} before starting again; delete the file if that PID is not a postgres at all.
     */
    static void stopLeftoverServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || !isPostgres(process.get())) {
            log.info("Removing stale {} (PID {} is not a running postgres)", pidFile, pid.get());
            Files.deleteIfExists(pidFile);
            return;
        }
        log.warn("Stopping a PostgreSQL (PID {}) left running on {} by an earlier process", pid.get(), dataDirectory);
        stopRunningServer(dataDirectory);
    }

    private static void stopRunningServer(Path dataDirectory) throws IOException {
        Optional<Long> pid = readPid(dataDirectory.resolve("postmaster.pid"));
        Optional<ProcessHandle> process = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (pid.isEmpty() || process.isEmpty()) {
            return;
        }
        // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid.get())).inheritIO().start().waitFor();
            process.get().onExit().get(LEFTOVER_STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping PostgreSQL " + pid.get(), ex);
        }
        catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
            throw new IllegalStateException("PostgreSQL (PID " + pid.get() + ") on " + dataDirectory
                    + " did not stop within " + LEFTOVER_STOP_TIMEOUT.toSeconds() + " s; stop it by hand", ex);
        }
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        try {
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        }
        catch (NumberFormatException ex) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> Path.of(command).getFileName().toString().equals("postgres"))
                .orElse(true); // cannot tell: assume it is, so that we stop rather than start a second server
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int requireFreePort(int port, Path dataDirectory) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return port;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Port " + port + " on localhost is in use, so the embedded PostgreSQL for "
                    + dataDirectory + " cannot start there; stop what holds it or set another port", ex);
        }
    }
}
