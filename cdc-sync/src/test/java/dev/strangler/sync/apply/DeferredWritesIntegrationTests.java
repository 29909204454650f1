package dev.strangler.sync.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.capture.SourcePosition;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.RowChange;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.testing.OrderDatabases;
import dev.strangler.sync.testing.PairOfDatabases;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Changes that arrive before the row they refer to (an order line before its order: another transport's ordering,
 * a resync, a reverse stream ahead of the customers pipeline), applied by the {@link ChangeApplier} of the shipped
 * orders pipeline to order-service's real schema, batch by batch as a capture stream would hand them over.
 */
class DeferredWritesIntegrationTests {

    private static final TableName ORDERS = TableName.parse("orders");
    private static final TableName ORDER_LINES = TableName.parse("order_lines");

    @RegisterExtension
    final PairOfDatabases<OrderDatabases> pair = PairOfDatabases.orders();
    private final OrderDatabases databases = pair.databases();
    private final PipelineDefinition pipeline = databases.pipeline();
    private final long customer = databases.legacyCustomer("Ada", "Lovelace");
    private long lsn = 100;
    private ChangeApplier applier = applier(ChangeApplier.DEFERRED_PATIENCE);

    @AfterEach
    void closeApplier() {
        applier.close();
    }

    @Test
    void aLineBeforeItsOrderWaitsAcrossARestartAndIsAppliedWhenItsOrderArrives() throws Exception {
        apply(insert(ORDER_LINES, line(7, 1, 2)));
        assertThat(serviceLines()).isEmpty();
        assertThat(waiting()).isEqualTo(1);

        applier.close(); // a crash or restart: the waiting line is in the service database, next to the position
        applier = applier(ChangeApplier.DEFERRED_PATIENCE);
        apply(heartbeat());
        assertThat(waiting()).isEqualTo(1);

        apply(insert(ORDERS, order(7)));
        assertThat(serviceLines()).containsExactly(List.of("7", "1", "2"));
        assertThat(waiting()).isZero();
        assertThat(applier.deferredWrites()).isZero();
        assertThat(databases.rows(databases.service(), "SELECT customer_name FROM purchase_order WHERE id = 7"))
                .containsExactly(List.of("Ada Lovelace"));
    }

    @Test
    void aLaterChangeOfAWaitingLineQueuesBehindItAndADeleteSupersedesIt() throws Exception {
        apply(insert(ORDER_LINES, line(8, 1, 2)), update(ORDER_LINES, line(8, 1, 2), line(8, 1, 5)),
                insert(ORDER_LINES, line(8, 2, 1)));
        apply(delete(ORDER_LINES, line(8, 2, 1)));
        assertThat(waiting()).isEqualTo(2);

        apply(insert(ORDERS, order(8)));
        assertThat(serviceLines()).containsExactly(List.of("8", "1", "5"));
        assertThat(waiting()).isZero();
    }

    @Test
    void aLineWhoseOrderIsLateBeyondPatienceIsKeptAndAppliedWhenTheOrderArrives() throws Exception {
        applier.close();
        applier = applier(Duration.ofMillis(300));
        apply(insert(ORDER_LINES, line(9, 1, 1)));
        long deferredAt = System.nanoTime();
        assertThat(waiting()).isEqualTo(1);

        // Heartbeats keep batches coming, each retrying the line; its patience runs out and it is still kept.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            apply(heartbeat());
            return System.nanoTime() - deferredAt > Duration.ofSeconds(2).toNanos();
        });
        assertThat(waiting()).isEqualTo(1);
        assertThat(databases.rows(databases.service(), "SELECT count(*) FROM strangler_sync_deferred"))
                .containsExactly(List.of("1"));

        // Late, the order arrives: the next slow retry (every patience, here) carries the line in.
        apply(insert(ORDERS, order(9)));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            apply(heartbeat());
            return waiting() == 0;
        });
        assertThat(serviceLines()).containsExactly(List.of("9", "1", "1"));
    }

    private ChangeApplier applier(Duration patience) {
        ChangeApplier opened = new ChangeApplier(pipeline.streamName(Direction.FORWARD), pipeline.target(),
                pipeline.plan(Direction.FORWARD), true, patience);
        try {
            opened.open();
        }
        catch (java.sql.SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return opened;
    }

    private void apply(SourceChange... changes) throws Exception {
        applier.apply(List.of(changes), null);
    }

    private long waiting() {
        return databases.count(databases.service(), "SELECT count(*) FROM strangler_sync_deferred");
    }

    private List<List<String>> serviceLines() {
        return databases.rows(databases.service(), "SELECT order_id, line_no, quantity FROM order_line "
                + "ORDER BY order_id, line_no");
    }

    private SourceChange insert(TableName table, Map<String, @Nullable Object> row) {
        return change(new RowChange(table, RowChange.Kind.INSERT, null, row));
    }

    private SourceChange update(TableName table, Map<String, @Nullable Object> before,
            Map<String, @Nullable Object> after) {
        return change(new RowChange(table, RowChange.Kind.UPDATE, before, after));
    }

    private SourceChange delete(TableName table, Map<String, @Nullable Object> row) {
        return change(new RowChange(table, RowChange.Kind.DELETE, row, null));
    }

    private SourceChange change(RowChange row) {
        lsn += 10;
        return new SourceChange(SourceChange.Kind.ROW, row, new SourcePosition("{}", lsn, lsn, false),
                System.currentTimeMillis(), null, null);
    }

    private SourceChange heartbeat() {
        lsn += 10;
        return new SourceChange(SourceChange.Kind.HEARTBEAT, null, new SourcePosition("{}", lsn, lsn, false),
                System.currentTimeMillis(), null, null);
    }

    private Map<String, @Nullable Object> order(long id) {
        Map<String, @Nullable Object> row = new LinkedHashMap<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        row.put("id", id);
        row.put("customer_id", customer);
        row.put("status", "PAID");
        row.put("total_cents", 900L);
        row.put("currency", "EUR");
        row.put("created_at", now);
        row.put("updated_at", now);
        row.put("version", 0L);
        return row;
    }

    private static Map<String, @Nullable Object> line(long order, int lineNo, int quantity) {
        Map<String, @Nullable Object> row = new LinkedHashMap<>();
        row.put("id", order * 100 + lineNo);
        row.put("order_id", order);
        row.put("line_no", lineNo);
        row.put("sku", "TEA-1");
        row.put("product_name", "Green tea");
        row.put("quantity", quantity);
        row.put("unit_price_cents", 450L);
        row.put("reservation_id", UUID.randomUUID());
        return row;
    }
}
