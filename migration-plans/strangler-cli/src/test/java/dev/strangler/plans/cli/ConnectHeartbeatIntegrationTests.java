package dev.strangler.plans.cli;

import static dev.strangler.plans.cli.ConnectExportIntegrationTests.LEGACY_ROWS;
import static dev.strangler.plans.cli.ConnectExportIntegrationTests.LEGACY_SCHEMA;
import static dev.strangler.plans.cli.ConnectExportIntegrationTests.OPERATION_COUNTS;
import static dev.strangler.plans.cli.ConnectExportIntegrationTests.PIPELINES;
import static dev.strangler.plans.cli.ConnectExportIntegrationTests.SERVICE_ROWS;
import static dev.strangler.plans.cli.ConnectExportIntegrationTests.SERVICE_SCHEMA;
import static dev.strangler.plans.cli.ConnectExportIntegrationTests.appliedLsn;
import static dev.strangler.plans.cli.ConnectExportIntegrationTests.export;
import static dev.strangler.plans.cli.ConnectExportIntegrationTests.rows;
import static dev.strangler.plans.cli.ConnectExportIntegrationTests.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.testsupport.kafka.TestKafka;
import dev.strangler.testsupport.postgres.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The exported source's heartbeat is a non-transactional logical message ({@code pg_logical_emit_message(false,
 * ...)}): PostgreSQL decodes it at once, so it reaches Connect while a long transaction is still open, with a WAL
 * position past that transaction's first changes. Debezium stores it as the source's offset and confirms it to the
 * slot; the sink stores it as the stream's applied position. This test opens such a transaction, lets heartbeats
 * carry every one of those positions past its changes, stops the source there, commits, resumes, and asserts that
 * every committed row arrives once: PostgreSQL resends every transaction whose commit lies after the confirmed
 * position, and Debezium resumes after a stored non-transactional message from the first event the slot sends.
 */
class ConnectHeartbeatIntegrationTests {

    private static final String SOURCE = "strangler-heartbeats-forward-source";
    private static final String SINK = "strangler-heartbeats-forward-sink";
    private static final String STREAM = "strangler_heartbeats_forward";

    private static final TestPostgres postgres = TestPostgres.shared();

    private static String legacy;
    private static String service;
    private static Path pipelines;
    private static ConnectWorker worker;

    @TempDir
    static Path directory;

    @BeforeAll
    static void startCluster() throws Exception {
        legacy = postgres.createDatabase("connect_heartbeat_shop");
        service = postgres.createDatabase("connect_heartbeat_customers");
        run(legacy, OPERATION_COUNTS + LEGACY_SCHEMA);
        run(service, OPERATION_COUNTS + SERVICE_SCHEMA);
        // The customers mapping under a name of its own: its slot, topics and connectors are this test's alone.
        pipelines = Files.createDirectories(directory.resolve("pipelines"));
        Files.writeString(pipelines.resolve("heartbeats.yaml"), Files.readString(PIPELINES.resolve("customers.yaml"))
                .replace("pipeline: customers", "pipeline: heartbeats"));
        worker = ConnectWorker.inProcess(TestKafka.shared().bootstrapServers(),
                "strangler-heartbeat-" + UUID.randomUUID());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (worker != null) {
            worker.close();
        }
        for (String database : new String[] {legacy, service}) {
            if (database != null) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    run(database, "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                            + "WHERE database = current_database()");
                    return true;
                });
            }
        }
    }

    @Test
    void losesNoRowOfATransactionThatHeartbeatsOvertookWhileItWasOpen() throws Exception {
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> worker.rest().answers());
        export(directory, pipelines, legacy, service, "heartbeats", "--heartbeat-ms", "300", "--apply",
                worker.url());
        worker.rest().awaitRunning(SOURCE, SINK);
        insert(legacy, 5);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> assertThat(rows(service, SERVICE_ROWS)).isEqualTo(rows(legacy, LEGACY_ROWS)));

        try (Connection open = postgres.connect(legacy)) {
            open.setAutoCommit(false);
            insert(open, 20);
            long openChanges = walInsertPosition(open);
            // Heartbeats decoded while the transaction is open carry positions past its changes: Connect stores one
            // as the source's offset, Debezium confirms it to the slot, and the sink stores it as applied.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .untilAsserted(() -> {
                        assertThat(sourceOffset().path("lsn").asLong()).as("source offset").isGreaterThan(openChanges);
                        assertThat(confirmedFlush()).as("slot's confirmed_flush_lsn").isGreaterThan(openChanges);
                        assertThat(appliedLsn(service, STREAM)).as("applied position").isGreaterThan(openChanges);
                    });
            insert(open, 20);
            worker.rest().stop(SOURCE);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(worker.rest().status(SOURCE).path("connector").path("state")
                            .asString()).isEqualTo("STOPPED"));
            JsonNode stopped = sourceOffset();
            assertThat(stopped.path("lsn").asLong()).as("offset the source resumes from: %s", stopped)
                    .isGreaterThan(openChanges);
            System.out.printf("[heartbeat test] open transaction's first 20 rows below %d; source stopped at %s%n",
                    openChanges, stopped);
            open.commit();
        }
        worker.rest().resume(SOURCE);
        worker.rest().awaitRunning(SOURCE, SINK);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(rows(service, SERVICE_ROWS)).as("service rows after the commit; source offset %s",
                        sourceOffset()).isEqualTo(rows(legacy, LEGACY_ROWS)));
        assertThat(rows(service, "SELECT id, op, n FROM operation_count WHERE tbl = 'customer' "
                + "AND (op <> 'INSERT' OR n <> 1)")).as("service rows written more than once").isEmpty();
    }

    private static void insert(String database, int count) throws SQLException {
        try (Connection connection = postgres.connect(database)) {
            insert(connection, count);
        }
    }

    private static void insert(Connection connection, int count) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (first_name, last_name, "
                + "email, created_at, updated_at, version) VALUES ('Ada', 'Legacy', ?, now(), now(), 0)")) {
            for (int i = 0; i < count; i++) {
                insert.setString(1, UUID.randomUUID() + "@shop.example");
                insert.executeUpdate();
            }
        }
    }

    /** Where the next WAL record goes: past every change this session has written so far. */
    private static long walInsertPosition(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long confirmedFlush() throws SQLException {
        return Long.parseLong(rows(legacy, "SELECT confirmed_flush_lsn - '0/0'::pg_lsn FROM pg_replication_slots "
                + "WHERE slot_name = '" + STREAM + "'").get(0).get(0));
    }

    /** Debezium's offset as Connect stored it ({@code GET /connectors/{name}/offsets}). */
    private static JsonNode sourceOffset() {
        return worker.rest().offsets(SOURCE).get(0).path("offset");
    }
}
