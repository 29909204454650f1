package dev.strangler.sync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.sync.mapping.RowChange.Kind;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The shipped orders pipeline's mapping: derived and generated columns, the composite line key, the reverse filter. */
class OrdersMappingTests {

    private static final TableName ORDERS = TableName.parse("orders");
    private static final TableName PURCHASE_ORDER = TableName.parse("purchase_order");
    private static final TableName ORDER_LINES = TableName.parse("order_lines");
    private static final TableName ORDER_LINE = TableName.parse("order_line");

    private final PipelineDefinition pipeline = shipped();
    private final List<String> lookedUp = new ArrayList<>();
    private final RowLookup customers = (table, match, columns) -> {
        lookedUp.add(table + " " + match + " " + columns);
        return match.get("id").equals(7L) ? Map.of("first_name", "Ada", "last_name", "Lovelace") : null;
    };
    /** order-service's database as the reverse direction reads it: orders by id, lines by order. */
    private final Map<Long, Map<String, @Nullable Object>> serviceOrders = new HashMap<>();
    private final List<Map<String, @Nullable Object>> serviceLines = new ArrayList<>();
    private final RowLookup service = new RowLookup() {

        @Override
        public @Nullable Map<String, @Nullable Object> find(TableName table, Map<String, @Nullable Object> match,
                List<String> columns) {
            lookedUp.add(table + " " + match + " " + columns);
            assertThat(table).isEqualTo(PURCHASE_ORDER);
            return serviceOrders.get((Long) match.get("id"));
        }

        @Override
        public List<Map<String, @Nullable Object>> findAll(TableName table, Map<String, @Nullable Object> match,
                List<String> columns) {
            lookedUp.add(table + " " + match + " " + columns);
            assertThat(table).isEqualTo(ORDER_LINE);
            return serviceLines.stream().filter(l -> l.get("order_id").equals(match.get("order_id"))).toList();
        }
    };

    @Test
    void derivesTheCustomerNameFromTheLegacyCustomerRow() {
        List<RowWrite> writes = pipeline.plan(Direction.FORWARD).map(new RowChange(ORDERS, Kind.INSERT, null,
                order(1L, 7L, "PAID")), customers);

        assertThat(writes).singleElement().isInstanceOfSatisfying(RowWrite.Upsert.class, upsert -> {
            assertThat(upsert.table()).isEqualTo(PURCHASE_ORDER);
            assertThat(upsert.values()).containsEntry("customer_name", "Ada Lovelace").containsEntry("revision", 2L)
                    .containsEntry("placed_at", "created").doesNotContainKey("created_at");
        });
        assertThat(lookedUp).containsExactly("public.customers {id=7} [first_name, last_name]");
    }

    @Test
    void fallsBackToTheDeclaredNameWhenTheCustomerRowIsGone() {
        List<RowWrite> writes = pipeline.plan(Direction.FORWARD).map(new RowChange(ORDERS, Kind.INSERT, null,
                order(1L, 8L, "PAID")), customers);

        assertThat(((RowWrite.Upsert) writes.get(0)).values()).containsEntry("customer_name", "(unknown customer)");
    }

    @Test
    void givesALineWithoutReservationTheSameNameBasedUuidEveryTime() {
        MappingPlan forward = pipeline.plan(Direction.FORWARD);
        RowChange change = new RowChange(ORDER_LINES, Kind.READ, null, line(3L, 2, null));

        Object first = ((RowWrite.Upsert) forward.map(change).get(0)).values().get("reservation_id");
        Object replayed = ((RowWrite.Upsert) forward.map(change).get(0)).values().get("reservation_id");

        assertThat(first).isEqualTo(replayed).isEqualTo(NameUuid.of(ORDER_LINE, List.of(3L, 2)));
        UUID kept = UUID.randomUUID();
        assertThat(((RowWrite.Upsert) forward.map(new RowChange(ORDER_LINES, Kind.READ, null, line(3L, 2, kept)))
                .get(0)).values()).containsEntry("reservation_id", kept).doesNotContainKey("id");
    }

    @Test
    void deletesALineByOrderAndLineNumber() {
        assertThat(pipeline.plan(Direction.FORWARD).map(new RowChange(ORDER_LINES, Kind.DELETE, line(3L, 2, null),
                null))).containsExactly(new RowWrite.Delete(ORDER_LINE, Map.of("order_id", 3L, "line_no", 2)));
    }

    @Test
    void carriesBackOnlyPaidAndCancelledOrdersWithoutTheDerivedName() {
        MappingPlan reverse = pipeline.plan(Direction.REVERSE);
        Map<String, @Nullable Object> pending = serviceOrder(4L, "PENDING");
        Map<String, @Nullable Object> paid = serviceOrder(4L, "PAID");

        assertThat(reverse.map(new RowChange(PURCHASE_ORDER, Kind.INSERT, null, pending), service)).isEmpty();
        assertThat(reverse.map(new RowChange(PURCHASE_ORDER, Kind.UPDATE, pending, serviceOrder(4L, "REJECTED")),
                service)).isEmpty();
        assertThat(reverse.map(new RowChange(PURCHASE_ORDER, Kind.UPDATE, pending, paid), service)).singleElement()
                .isInstanceOfSatisfying(RowWrite.Upsert.class, upsert -> {
                    assertThat(upsert.table()).isEqualTo(ORDERS);
                    assertThat(upsert.values()).containsEntry("status", "PAID").containsEntry("created_at", "placed")
                            .doesNotContainKey("customer_name");
                });
    }

    @Test
    void upsertsLegacyLinesOnOrderAndLineNumberOnceTheyArePriced() {
        MappingPlan reverse = pipeline.plan(Direction.REVERSE);
        Map<String, @Nullable Object> unpriced = serviceLine(5L, 1, null);
        serviceOrders.put(5L, serviceOrder(5L, "PAID"));

        assertThat(reverse.map(new RowChange(ORDER_LINE, Kind.INSERT, null, unpriced), service)).isEmpty();
        assertThat(reverse.map(new RowChange(ORDER_LINE, Kind.UPDATE, unpriced, serviceLine(5L, 1, 450L)), service))
                .singleElement().isInstanceOfSatisfying(RowWrite.Upsert.class, upsert -> {
                    assertThat(upsert.table()).isEqualTo(ORDER_LINES);
                    assertThat(upsert.key()).containsExactly("order_id", "line_no");
                    assertThat(upsert.values()).doesNotContainKey("id");
                });
    }

    @Test
    void leavesTheLinesOfAnOrderTheServiceRejectedInTheService() {
        MappingPlan reverse = pipeline.plan(Direction.REVERSE);
        serviceOrders.put(6L, serviceOrder(6L, "REJECTED"));

        // Priced, so the line's own reverse-when holds; its order's does not, and the line follows its order.
        assertThat(reverse.map(new RowChange(ORDER_LINE, Kind.UPDATE, serviceLine(6L, 1, 450L),
                serviceLine(6L, 1, 500L)), service)).isEmpty();
        assertThat(lookedUp).containsExactly("public.purchase_order {id=6} [status]");
        // A delete goes on: the legacy side holds no such line, so it deletes nothing.
        assertThat(reverse.map(new RowChange(ORDER_LINE, Kind.DELETE, serviceLine(6L, 1, 450L), null), service))
                .containsExactly(new RowWrite.Delete(ORDER_LINES, Map.of("order_id", 6L, "line_no", 1)));
    }

    @Test
    void carriesAnOrdersPricedLinesBackWithItOnceItIsPaid() {
        MappingPlan reverse = pipeline.plan(Direction.REVERSE);
        serviceLines.addAll(List.of(serviceLine(8L, 1, 450L), serviceLine(8L, 2, 1200L), serviceLine(9L, 1, 450L)));

        List<RowWrite> writes = reverse.map(new RowChange(PURCHASE_ORDER, Kind.UPDATE, serviceOrder(8L, "PENDING"),
                serviceOrder(8L, "PAID")), service);

        assertThat(writes).extracting(RowWrite::table).containsExactly(ORDERS, ORDER_LINES, ORDER_LINES);
        assertThat(writes.subList(1, 3)).allSatisfy(write -> assertThat(((RowWrite.Upsert) write).values())
                .containsEntry("order_id", 8L));
        // Already carried back: a later change of the order does not read its lines again.
        lookedUp.clear();
        assertThat(reverse.map(new RowChange(PURCHASE_ORDER, Kind.UPDATE, serviceOrder(8L, "PAID"),
                serviceOrder(8L, "CANCELLED")), service)).hasSize(1);
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void deletesAnOrdersLinesBeforeTheOrderWhenItLeavesTheService() {
        assertThat(pipeline.plan(Direction.REVERSE).map(new RowChange(PURCHASE_ORDER, Kind.DELETE,
                serviceOrder(8L, "PAID"), null), service)).containsExactly(
                        new RowWrite.Delete(ORDER_LINES, Map.of("order_id", 8L)),
                        new RowWrite.Delete(ORDERS, Map.of("id", 8L)));
    }

    @Test
    void refusesFiltersOnDependentsAndUnknownNullFills() {
        PipelineFiles files = new PipelineFiles(ValueConversions.discovered(),
                Placeholders.from(Map.<String, String>of()::get));
        String valid = PipelineFilesTests.valid();
        assertThatThrownBy(() -> files.read("bad.yaml", stream(valid.replace("        optional: true",
                "        optional: true\n        reverse-when: { city: not-null }"))))
                .hasMessageContaining("tables[0].targets[1].reverse-when: only the first target decides");
        assertThatThrownBy(() -> files.read("bad.yaml", stream(valid.replace("given_name: first_name",
                "given_name: { from: first_name, when-null: random }"))))
                .hasMessageContaining("bad.yaml:12: tables[0].targets[0].columns.given_name.when-null: 'random' is not one "
                        + "of [key-uuid]");
        assertThatThrownBy(() -> files.read("bad.yaml", stream(valid.replace("given_name: first_name",
                "given_name: { lookup: { table: people, join: [name] } }"))))
                .hasMessageContaining("bad.yaml:12: tables[0].targets[0].columns.given_name.lookup.match: is required");
    }

    @Test
    void readsTheParentOfALineAndRefusesOneThatCannotBeFollowed() throws Exception {
        assertThat(pipeline.tables().get(1).parent()).isEqualTo(new ParentRelation(ORDERS, Map.of("order_id", "id")));
        assertThat(pipeline.parentOf(pipeline.tables().get(1))).isSameAs(pipeline.tables().get(0));

        PipelineFiles files = new PipelineFiles(ValueConversions.discovered(),
                Placeholders.from(Map.<String, String>of()::get));
        String shipped;
        try (InputStream yaml = OrdersMappingTests.class.getResourceAsStream("/pipelines/orders.yaml")) {
            shipped = new String(yaml.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThatThrownBy(() -> files.read("bad.yaml", stream(shipped.replace("      table: orders\n",
                "      table: customers\n")))).hasMessageContaining("tables[1].parent.table: public.customers is not "
                        + "a source table of this pipeline");
        assertThatThrownBy(() -> files.read("bad.yaml", stream(shipped.replace("key: { order_id: id }",
                "key: { order_id: customer_id }")))).hasMessageContaining("tables[1].parent.key: must refer to the "
                        + "whole key [id] of public.orders");
        // The legacy surrogate id of a line is not carried to the service: its service rows could not find the order.
        assertThatThrownBy(() -> files.read("bad.yaml", stream(shipped.replace("key: { order_id: id }",
                "key: { id: id }")))).hasMessageContaining("tables[1].parent.key.id: 'id' is not mapped to "
                        + "public.order_line");
        assertThatThrownBy(() -> files.read("bad.yaml", stream(shipped.replace("      table: orders\n",
                "      table: order_lines\n")))).hasMessageContaining("tables[1].parent.table: a table cannot be its "
                        + "own parent");
    }

    private static PipelineDefinition shipped() {
        try (InputStream yaml = OrdersMappingTests.class.getResourceAsStream("/pipelines/orders.yaml")) {
            return new PipelineFiles(ValueConversions.discovered(), Placeholders.from(Map.<String, String>of()::get))
                    .read("orders.yaml", yaml);
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static ByteArrayInputStream stream(String yaml) {
        return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, @Nullable Object> order(long id, long customer, String status) {
        Map<String, @Nullable Object> row = new HashMap<>();
        row.put("id", id);
        row.put("customer_id", customer);
        row.put("status", status);
        row.put("total_cents", 900L);
        row.put("currency", "EUR");
        row.put("created_at", "created");
        row.put("updated_at", "updated");
        row.put("version", 2L);
        return row;
    }

    private static Map<String, @Nullable Object> serviceOrder(long id, String status) {
        Map<String, @Nullable Object> row = new HashMap<>();
        row.put("id", id);
        row.put("customer_id", 7L);
        row.put("customer_name", "Ada Lovelace");
        row.put("status", status);
        row.put("total_cents", 900L);
        row.put("currency", "EUR");
        row.put("placed_at", "placed");
        row.put("modified_at", "modified");
        row.put("revision", 1L);
        return row;
    }

    private static Map<String, @Nullable Object> line(long order, int lineNo, @Nullable UUID reservation) {
        Map<String, @Nullable Object> row = new HashMap<>();
        row.put("id", 99L);
        row.put("order_id", order);
        row.put("line_no", lineNo);
        row.put("sku", "TEA-1");
        row.put("product_name", "Green tea");
        row.put("quantity", 1);
        row.put("unit_price_cents", 450L);
        row.put("reservation_id", reservation);
        return row;
    }

    private static Map<String, @Nullable Object> serviceLine(long order, int lineNo, @Nullable Long price) {
        Map<String, @Nullable Object> row = new HashMap<>();
        row.put("order_id", order);
        row.put("line_no", lineNo);
        row.put("sku", "TEA-1");
        row.put("quantity", 1);
        row.put("reservation_id", UUID.randomUUID());
        row.put("product_name", price == null ? null : "Green tea");
        row.put("unit_price_cents", price);
        return row;
    }
}
