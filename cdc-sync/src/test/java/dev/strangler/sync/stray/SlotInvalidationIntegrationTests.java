package dev.strangler.sync.stray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.pipeline.PipelineState;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.PairOfDatabases;
import dev.strangler.sync.verify.Verifier;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A slot PostgreSQL invalidates ({@code max_slot_wal_keep_size}) is a FAILED pipeline that names the slot and the way
 * out, never a silent gap; and the documented resync path brings the pipeline back in sync.
 */
class SlotInvalidationIntegrationTests {

    private static final String FORWARD_SLOT = "strangler_customers_forward";

    @RegisterExtension
    final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private final CustomerDatabases databases = pair.databases();
    private final SyncPipeline pipeline = pair.inProcess(databases.pipeline());

    @AfterEach
    void resetTheServer() {
        // The server is shared by the JVM's tests: put the bound back as it was.
        databases.run(databases.legacy(), "ALTER SYSTEM RESET max_slot_wal_keep_size; SELECT pg_reload_conf()");
    }

    @Test
    void anInvalidatedSlotFailsThePipelineNamingTheSlotAndTheResyncBringsItBack() throws Exception {
        databases.insertLegacyCustomer("Ada", "Berlin");
        pipeline.start();
        Verifier verifier = pair.closeAfter(new Verifier(databases.pipeline()));
        await().atMost(Duration.ofSeconds(60)).until(() -> verifier.verify(Direction.FORWARD).inSync());
        pipeline.stop(); // the slot is idle now, as after a switch away from it

        databases.run(databases.legacy(), "ALTER SYSTEM SET max_slot_wal_keep_size = '1MB'; SELECT pg_reload_conf()");
        long missed = databases.insertLegacyCustomer("Grace", "London"); // in the WAL the slot is about to lose
        databases.run(databases.legacy(), "CREATE TABLE audit_trail (id bigserial PRIMARY KEY, entry text NOT NULL);"
                + "INSERT INTO audit_trail (entry) SELECT repeat(md5(g::text), 8) FROM generate_series(1, 150000) g");
        // Checkpoints are slow on a loaded machine: this took over a minute there (nothing else waits as long).
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            databases.run(databases.legacy(), "SELECT pg_switch_wal(); CHECKPOINT");
            return databases.count(databases.legacy(), "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '"
                    + FORWARD_SLOT + "' AND wal_status = 'lost'") == 1;
        });

        pipeline.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.status().state() == PipelineState.FAILED);
        assertThat(pipeline.status().lastError()).contains("replication slot " + FORWARD_SLOT, "was invalidated by "
                + "PostgreSQL", "max_slot_wal_keep_size", "Resync");
        assertThat(pipeline.status().slots()).filteredOn(slot -> slot.name().equals(FORWARD_SLOT))
                .singleElement().satisfies(slot -> assertThat(slot.invalidated()).isTrue());

        // The documented path: stop, drop the slot and its position row, start (a new slot and a snapshot).
        pipeline.stop();
        databases.run(databases.legacy(), "SELECT pg_drop_replication_slot('" + FORWARD_SLOT + "')");
        databases.run(databases.service(), "DELETE FROM strangler_sync_position WHERE stream = '" + FORWARD_SLOT + "'");
        pipeline.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> verifier.verify(Direction.FORWARD).inSync());
        assertThat(pipeline.status().state()).isEqualTo(PipelineState.RUNNING);
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM customer WHERE id = " + missed))
                .isEqualTo(1);
    }
}
