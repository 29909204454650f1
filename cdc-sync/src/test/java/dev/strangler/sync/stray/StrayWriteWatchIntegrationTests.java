package dev.strangler.sync.stray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.PairOfDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After cutover: the forward slot keeps advancing while the pipeline runs in reverse (it pins no WAL), and a write
 * the monolith still makes directly on a handed-over legacy table is reported as a stray write, while the reverse
 * applier's own writes are not; a rollback keeps what was recorded and says so, and a replay carries it.
 */
class StrayWriteWatchIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(StrayWriteWatchIntegrationTests.class);
    private static final long MB = 1024 * 1024;
    private static final String FORWARD_SLOT = "strangler_customers_forward";

    @RegisterExtension
    final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private final CustomerDatabases databases = pair.databases();
    private final PipelineDefinition definition = databases.pipeline();
    private final SimpleMeterRegistry meters = pair.meters();
    private final SyncPipeline pipeline = pair.inProcess(definition);

    @Test
    void theForwardSlotRetainsNoWalWhileThePipelineRunsInReverse() throws Exception {
        pair.startStreaming(pipeline);
        pipeline.switchDirection(Direction.REVERSE);

        long before = currentWal();
        databases.run(databases.legacy(), "CREATE TABLE audit_trail (id bigserial PRIMARY KEY, entry text NOT NULL)");
        // Unrelated activity as a busy monolith makes it: many transactions, none larger than logical decoding's
        // memory (one 120 MB transaction spills to disk and took the watch minutes to decode on a loaded machine).
        for (int batch = 0; batch < 10; batch++) {
            databases.run(databases.legacy(), "INSERT INTO audit_trail (entry) SELECT repeat(md5(g::text), 8) "
                    + "FROM generate_series(1, 30000) g");
        }
        long written = currentWal() - before;
        assertThat(written).as("unrelated WAL written").isGreaterThanOrEqualTo(50 * MB);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(retainedByForwardSlot()).isLessThan(16 * MB));
        log.info("Forward slot retains {} bytes after {} bytes of unrelated WAL in reverse", retainedByForwardSlot(),
                written);
        assertThat(pipeline.status().slots()).extracting(SlotStatus::name)
                .contains(FORWARD_SLOT, "strangler_customers_reverse");
        assertThat(meters.get("strangler.sync.slot.retained.bytes").tag("slot", FORWARD_SLOT).gauge().value())
                .isGreaterThanOrEqualTo(0).isLessThan(16 * MB);
    }

    /**
     * A watch started again (cdc-sync restarted while in reverse) on the forward stream's stored position, which the
     * slot has already confirmed: Debezium resumes by looking for that position or for a transaction committed after
     * it, and on a legacy database where nothing touches the handed-over tables (the normal case after cutover) only
     * heartbeats arrive. Those must be enough for the slot to move on past the unrelated WAL.
     */
    @Test
    void theForwardSlotKeepsAdvancingWhenTheWatchResumesFromAPositionTheSlotConfirmed() throws Exception {
        pair.startStreaming(pipeline);
        pipeline.switchDirection(Direction.REVERSE);
        pipeline.stop();
        // The state a stop leaves when the last position's flush reached PostgreSQL before the engine stopped: the
        // slot has confirmed exactly the stored position (a flush cut short leaves it behind, and the watch then finds
        // the stored position again as the slot replays it; which of the two a stop leaves is a race).
        long stored = databases.count(databases.service(), "SELECT (source_offset::jsonb ->> 'lsn_proc')::bigint "
                + "FROM strangler_sync_position WHERE stream = '" + FORWARD_SLOT + "'");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> databases.count(databases.legacy(),
                "SELECT count(pg_replication_slot_advance(slot_name, '0/0'::pg_lsn + " + stored + ")) "
                        + "FROM pg_replication_slots WHERE slot_name = '" + FORWARD_SLOT + "' AND NOT active "
                        + "AND confirmed_flush_lsn < '0/0'::pg_lsn + " + stored) == 0
                || confirmedByForwardSlot() == stored);
        assertThat(confirmedByForwardSlot()).as("the forward slot's confirmed position").isEqualTo(stored);

        pipeline.start();
        assertThat(pipeline.direction()).isEqualTo(Direction.REVERSE);
        long before = currentWal();
        databases.run(databases.legacy(), "CREATE TABLE audit_trail (id bigserial PRIMARY KEY, entry text NOT NULL)");
        for (int batch = 0; batch < 4; batch++) {
            databases.run(databases.legacy(), "INSERT INTO audit_trail (entry) SELECT repeat(md5(g::text), 8) "
                    + "FROM generate_series(1, 30000) g");
        }
        assertThat(currentWal() - before).as("unrelated WAL written").isGreaterThanOrEqualTo(32 * MB);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(retainedByForwardSlot()).isLessThan(16 * MB));
    }

    @Test
    void aDirectUpdateOfTheMonolithAfterCutoverIsReportedAsAStrayWriteAndTheApplierOwnWritesAreNot()
            throws Exception {
        long customer = databases.insertLegacyCustomer("Ada", "Berlin");
        pair.startStreaming(pipeline);
        pipeline.switchDirection(Direction.REVERSE);
        // The service, writer of record now, writes; the reverse applier carries it into the legacy table.
        long fromService;
        try (Connection service = databases.postgres().connect(databases.service())) {
            fromService = databases.insertServiceCustomer(service, "Grace");
            service.createStatement().execute("UPDATE customer SET family_name = 'Lovelace' WHERE id = " + customer);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> databases.count(databases.legacy(),
                "SELECT count(*) FROM customers WHERE id = " + fromService + " OR last_name = 'Lovelace'") == 2);

        Instant before = Instant.now().minusSeconds(1);
        long updated;
        try (Connection monolith = asMonolith()) {
            updated = monolith.createStatement().executeUpdate(
                    "UPDATE customers SET phone = '+44 20 7946 0000' WHERE id = " + customer);
        }
        long madeAt = System.nanoTime();
        assertThat(updated).isEqualTo(1);

        List<StrayWrite> reported = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> pipeline.strayWritesSince(before), writes -> !writes.isEmpty());
        log.info("Stray write reported {} ms after the monolith's update committed",
                (System.nanoTime() - madeAt) / 1_000_000);
        assertThat(reported).singleElement().satisfies(write -> {
            assertThat(write.table()).isEqualTo("public.customers");
            assertThat(write.key()).containsOnlyKeys("id");
            assertThat(((Number) write.key().get("id")).longValue()).isEqualTo(customer);
            assertThat(write.operation()).isEqualTo("UPDATE");
            assertThat(write.txId()).isPositive();
            assertThat(write.lsn()).contains("/");
        });
        // Everything the reverse applier wrote is older in the WAL than the update: none of it was reported.
        pipeline.drain(Direction.REVERSE, Duration.ofSeconds(30));
        assertThat(pipeline.status().strayWrites().count()).isEqualTo(1);
        assertThat(pipeline.status().strayWrites().last()).extracting(StrayWrite::operation).containsExactly("UPDATE");
        assertThat(meters.get("strangler.sync.stray.writes").counter().count()).isEqualTo(1);

        // Rollback keeps the record and says so; forward resumes after what the watch saw, and carries new writes.
        pipeline.switchDirection(Direction.FORWARD);
        assertThat(pipeline.status().strayWrites().atRollback()).startsWith("1 stray write(s) recorded while "
                + "reverse were kept, not carried forward");
        assertThat(databases.rows(databases.service(), "SELECT phone_number FROM customer WHERE id = " + customer))
                .containsExactly(List.of("+49 30 1234"));
        long afterRollback = databases.insertLegacyCustomer("Barbara", null);
        await().atMost(Duration.ofSeconds(60)).until(() -> databases.count(databases.service(),
                "SELECT count(*) FROM customer WHERE id = " + afterRollback) == 1);

        // The documented way out: replay the recorded row through the mapping.
        assertThat(pipeline.replayStrayWrite(reported.get(0).id(), "carry the billing job's fix")).isEqualTo("UPSERT");
        assertThat(databases.rows(databases.service(), "SELECT phone_number FROM customer WHERE id = " + customer))
                .containsExactly(List.of("+44 20 7946 0000"));
        assertThat(pipeline.status().strayWrites().unresolved()).isZero();
        assertThat(pipeline.status().strayWrites().count()).isEqualTo(1);
    }

    private Connection asMonolith() throws SQLException {
        // The monolith's own login: a plain role, no replication origin, the way a batch job or report writes.
        databases.run(databases.legacy(), """
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'shop_app') THEN
                    CREATE ROLE shop_app LOGIN PASSWORD 'shop_app';
                  END IF;
                END $$;
                GRANT SELECT, UPDATE ON customers TO shop_app;
                """);
        return DriverManager.getConnection(definition.source().jdbcUrl(), "shop_app", "shop_app");
    }

    private long currentWal() {
        return databases.count(databases.legacy(), "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");
    }

    private long confirmedByForwardSlot() {
        return databases.count(databases.legacy(), "SELECT pg_wal_lsn_diff(confirmed_flush_lsn, '0/0')::bigint "
                + "FROM pg_replication_slots WHERE slot_name = '" + FORWARD_SLOT + "'");
    }

    private long retainedByForwardSlot() throws SQLException {
        DatabaseEndpoint legacy = definition.source();
        try (Connection connection = DriverManager.getConnection(legacy.jdbcUrl(), legacy.username(),
                legacy.password());
                PreparedStatement query = connection.prepareStatement("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), "
                        + "restart_lsn)::bigint FROM pg_replication_slots WHERE slot_name = ?")) {
            query.setString(1, FORWARD_SLOT);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).as("the forward slot exists").isTrue();
                return rs.getLong(1);
            }
        }
    }
}
