package dev.strangler.sync.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.capture.SourcePosition;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.RowChange;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.PairOfDatabases;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reverse direction of the shipped customers pipeline, where {@code customer_address} (an optional target) folds
 * back into columns of the legacy {@code customers} row: over Kafka the address topic has no order with the customer
 * topic, so an address can arrive before the customer it belongs to. It waits for the row instead of updating nothing.
 */
class ReverseDependentsIntegrationTests {

    private static final TableName CUSTOMER = TableName.parse("customer");
    private static final TableName ADDRESS = TableName.parse("customer_address");

    @RegisterExtension
    final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private final CustomerDatabases databases = pair.databases();
    private final PipelineDefinition pipeline = databases.pipeline();
    private final ChangeApplier applier = pair.closeAfter(new ChangeApplier(
            pipeline.streamName(Direction.REVERSE), pipeline.source(), pipeline.plan(Direction.REVERSE), true));
    private long lsn = 100;

    ReverseDependentsIntegrationTests() throws SQLException {
        applier.open();
    }

    @Test
    void anAddressBeforeItsCustomerWaitsAndLandsWithTheCustomer() throws Exception {
        apply(change(ADDRESS, RowChange.Kind.INSERT, null, address(41, "Berlin")));
        assertThat(waiting()).as("writes waiting for customer 41").isEqualTo(1);

        apply(change(CUSTOMER, RowChange.Kind.INSERT, null, customer(41)));

        assertThat(databases.rows(databases.legacy(), "SELECT id, first_name, street, city, postal_code, country "
                + "FROM customers")).containsExactly(List.of("41", "Grace", "Main Street 1", "Berlin", "10115", "DE"));
        assertThat(waiting()).isZero();
        assertThat(applier.deferredWrites()).isZero();
    }

    @Test
    void laterChangesOfAWaitingAddressQueueBehindItInOneBatch() throws Exception {
        apply(change(ADDRESS, RowChange.Kind.INSERT, null, address(42, "Berlin")),
                change(ADDRESS, RowChange.Kind.UPDATE, address(42, "Berlin"), address(42, "Hamburg")));
        apply(change(ADDRESS, RowChange.Kind.DELETE, address(42, "Hamburg"), null),
                change(ADDRESS, RowChange.Kind.INSERT, null, address(42, "Potsdam")));
        assertThat(waiting()).isEqualTo(4);

        apply(change(CUSTOMER, RowChange.Kind.INSERT, null, customer(42)));

        assertThat(databases.rows(databases.legacy(), "SELECT id, city FROM customers"))
                .containsExactly(List.of("42", "Potsdam"));
        assertThat(waiting()).isZero();
    }

    @Test
    void aCustomerDeletedBeforeItsAddressArrivedSupersedesTheWaitingAddress() throws Exception {
        apply(change(ADDRESS, RowChange.Kind.INSERT, null, address(43, "Berlin")));
        apply(change(CUSTOMER, RowChange.Kind.INSERT, null, customer(43)),
                change(CUSTOMER, RowChange.Kind.DELETE, customer(43), null));

        assertThat(databases.rows(databases.legacy(), "SELECT id FROM customers")).isEmpty();
        assertThat(waiting()).isZero();
    }

    @Test
    void anAddressRemovedAfterItsCustomerWasDeletedLeavesNothingWaiting() throws Exception {
        apply(change(ADDRESS, RowChange.Kind.DELETE, address(44, "Berlin"), null));

        assertThat(databases.rows(databases.legacy(), "SELECT id FROM customers")).isEmpty();
        assertThat(waiting()).isZero();
    }

    private long waiting() {
        return databases.count(databases.legacy(), "SELECT count(*) FROM strangler_sync_deferred");
    }

    private void apply(SourceChange... changes) throws SQLException {
        applier.apply(List.of(changes), null);
    }

    private SourceChange change(TableName table, RowChange.Kind kind, @Nullable Map<String, @Nullable Object> before,
            @Nullable Map<String, @Nullable Object> after) {
        lsn += 10;
        return new SourceChange(SourceChange.Kind.ROW, new RowChange(table, kind, before, after),
                new SourcePosition("{}", lsn, lsn, false), System.currentTimeMillis(), null, null);
    }

    private static Map<String, @Nullable Object> customer(long id) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Map<String, @Nullable Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("given_name", "Grace");
        row.put("family_name", "Hopper");
        row.put("email", "grace." + id + "@service.example");
        row.put("phone_number", null);
        row.put("registered_at", now);
        row.put("modified_at", now);
        row.put("revision", 0L);
        return row;
    }

    private static Map<String, @Nullable Object> address(long customer, String city) {
        Map<String, @Nullable Object> row = new LinkedHashMap<>();
        row.put("customer_id", customer);
        row.put("street", "Main Street 1");
        row.put("city", city);
        row.put("postal_code", "10115");
        row.put("country_code", "DE");
        return row;
    }
}
