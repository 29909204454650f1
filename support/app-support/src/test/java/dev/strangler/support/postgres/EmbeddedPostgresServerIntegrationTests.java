package dev.strangler.support.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerIntegrationTests {

    @TempDir
    Path home;

    @Test
    void keepsCommittedDataAcrossRestarts() throws SQLException {
        Path data = home.resolve("postgres");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
            server.createDatabaseIfAbsent("shop");
            execute(server, "shop", "CREATE TABLE note (id int PRIMARY KEY, text text)",
                    "INSERT INTO note VALUES (1, 'kept')");
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
            server.createDatabaseIfAbsent("shop");
            assertThat(queryString(server, "shop", "SELECT text FROM note WHERE id = 1")).isEqualTo("kept");
        }
    }

    @Test
    void runsWithLogicalWalAndDurableCommits() throws SQLException {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(home.resolve("pg"), 0)) {
            assertThat(queryString(server, "postgres", "SHOW wal_level")).isEqualTo("logical");
            assertThat(queryString(server, "postgres", "SHOW fsync")).isEqualTo("on");
            assertThat(queryString(server, "postgres", "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(queryString(server, "postgres", "SHOW server_version")).startsWith("17.");
            assertThat(queryString(server, "postgres", "SHOW listen_addresses")).isEqualTo("localhost");
        }
    }

    @Test
    void stopsTheServerLeftRunningByAKilledProcessAndReusesItsData() throws Exception {
        Path data = home.resolve("postgres");
        Process child = startServerInAnotherJvm(data);
        try {
            child.destroyForcibly().waitFor(); // kill -9: its postgres keeps running, detached
            long leftoverPid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
            assertThat(ProcessHandle.of(leftoverPid).map(ProcessHandle::isAlive)).contains(true);

            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0)) {
                assertThat(ProcessHandle.of(leftoverPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
                assertThat(queryString(server, "shop", "SELECT text FROM note WHERE id = 1")).isEqualTo("written");
                assertThat(Path.of(queryString(server, "postgres", "SHOW data_directory")).toRealPath())
                        .isEqualTo(data.toRealPath());
            }
        }
        finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aDetachedServerIsReusedByTheNextCallerAndStoppedOnRequest() throws Exception {
        Path data = home.resolve("shared");
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = probe.getLocalPort();
            probe.close();
            EmbeddedPostgresServer first = EmbeddedPostgresServer.ensureRunningDetached(data, port);
            long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());

            EmbeddedPostgresServer second = EmbeddedPostgresServer.ensureRunningDetached(data, port);
            assertThat(second.port()).isEqualTo(first.port()).isEqualTo(port);
            assertThat(Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim()))
                    .isEqualTo(pid);
            assertThat(EmbeddedPostgresServer.runningPort(data)).contains(port);

            assertThat(EmbeddedPostgresServer.stop(data)).isTrue();
            assertThat(EmbeddedPostgresServer.runningPort(data)).isEmpty();
            assertThat(EmbeddedPostgresServer.stop(data)).isFalse();
        }
    }

    @Test
    void refusesAPortThatSomethingElseHolds() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(home.resolve("pg"), taken.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Port " + taken.getLocalPort() + " on localhost is in use");
        }
    }

    @Test
    void createsADatabaseOnlyOnce() throws SQLException {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(home.resolve("pg"), 0)) {
            server.createDatabaseIfAbsent("orders");
            server.createDatabaseIfAbsent("orders");
            assertThat(queryString(server, "postgres",
                    "SELECT count(*)::text FROM pg_database WHERE datname = 'orders'")).isEqualTo("1");
        }
    }

    @Test
    void rejectsDatabaseNamesThatAreNotPlainIdentifiers() {
        assertThatThrownBy(() -> EmbeddedPostgresServer.requireValidName("shop; DROP DATABASE x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be lower-case letters");
    }

    private static Process startServerInAnotherJvm(Path data) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                StartServerAndWait.class.getName(), data.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        // The child prints READY once its server is up and the row is committed (logs go to the same stream).
        BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream()));
        String ready = CompletableFuture.supplyAsync(() -> output.lines()
                .filter(line -> line.equals(StartServerAndWait.READY)).findFirst().orElse("child exited"))
                .get(60, TimeUnit.SECONDS);
        assertThat(ready).isEqualTo(StartServerAndWait.READY);
        return child;
    }

    private static void execute(EmbeddedPostgresServer server, String database, String... statements)
            throws SQLException {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String queryString(EmbeddedPostgresServer server, String database, String sql)
            throws SQLException {
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
