package com.acme.orderservice.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** All orders and their lines, in {@code purchase_order} and {@code order_line}. */
@Repository
class PurchaseOrders {

    static final String CURRENCY = "EUR";

    /** A line as placed: what and how much. */
    record NewLine(String sku, int quantity) {
    }

    private final JdbcClient jdbc;

    PurchaseOrders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a new PENDING order and its lines, each with a fresh reservation id, under the next free order id.
     * Orders synced in from the monolith carry their own ids and do not move the identity sequence: taken ids are
     * skipped instead of failing (and the sequence is moved past the highest id).
     */
    long addPending(long customerId, String customerName, List<NewLine> lines) {
        Instant now = now();
        Optional<Long> id = Optional.empty();
        while (id.isEmpty()) {
            id = jdbc.sql("""
                    INSERT INTO purchase_order (id, customer_id, customer_name, status, total_cents, currency,
                                                placed_at, modified_at, revision)
                    VALUES (nextval(pg_get_serial_sequence('purchase_order', 'id')), ?, ?, 'PENDING', 0, ?, ?, ?, 0)
                    ON CONFLICT (id) DO NOTHING
                    RETURNING id
                    """).param(customerId).param(customerName).param(CURRENCY).param(timestamp(now))
                    .param(timestamp(now)).query(Long.class).optional();
            if (id.isEmpty()) {
                jdbc.sql("SELECT setval(pg_get_serial_sequence('purchase_order', 'id'), "
                        + "(SELECT max(id) FROM purchase_order))").query().singleRow();
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            jdbc.sql("""
                    INSERT INTO order_line (order_id, line_no, sku, quantity, reservation_id) VALUES (?, ?, ?, ?, ?)
                    """).param(id.get()).param(i + 1).param(lines.get(i).sku()).param(lines.get(i).quantity())
                    .param(UUID.randomUUID()).update();
        }
        return id.get();
    }

    Optional<PurchaseOrder> find(long id) {
        return find("WHERE o.id = :id", Map.of("id", id)).stream().findFirst();
    }

    /** Orders the API shows (paid or cancelled), optionally of one customer, in id order. */
    List<PurchaseOrder> findVisible(@Nullable Long customerId, int page, int size) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("visible", OrderStatus.VISIBLE);
        params.put("limit", size);
        params.put("offset", (long) page * size);
        String where = "WHERE o.status IN (:visible)";
        if (customerId != null) {
            where += " AND o.customer_id = :customerId";
            params.put("customerId", customerId);
        }
        return find(where + " ORDER BY o.id LIMIT :limit OFFSET :offset", params);
    }

    long countVisible(@Nullable Long customerId) {
        return jdbc.sql("SELECT count(*) FROM purchase_order WHERE status IN (:visible)"
                + (customerId == null ? "" : " AND customer_id = :customerId"))
                .param("visible", OrderStatus.VISIBLE)
                .params(customerId == null ? Map.of() : Map.of("customerId", customerId))
                .query(Long.class).single();
    }

    /** Records what the monolith holds for a line: its product's name and price at reservation. */
    void hold(long orderId, int lineNo, String productName, long unitPriceCents) {
        jdbc.sql("UPDATE order_line SET product_name = ?, unit_price_cents = ? WHERE order_id = ? AND line_no = ?")
                .param(productName).param(unitPriceCents).param(orderId).param(lineNo).update();
    }

    void totalUp(long orderId) {
        jdbc.sql("""
                UPDATE purchase_order SET total_cents = (SELECT coalesce(sum(quantity * unit_price_cents), 0)
                                                         FROM order_line WHERE order_id = ?)
                WHERE id = ?
                """).param(orderId).param(orderId).update();
    }

    /** Moves the order to {@code status}; a change the API shows counts as a new revision. */
    void moveTo(long orderId, OrderStatus status) {
        boolean shown = status == OrderStatus.PAID || status == OrderStatus.CANCELLED;
        jdbc.sql("UPDATE purchase_order SET status = ?, modified_at = ?, revision = revision + ? WHERE id = ?")
                .param(status.name()).param(timestamp(now())).param(shown ? 1 : 0).param(orderId).update();
    }

    private List<PurchaseOrder> find(String where, Map<String, ?> params) {
        List<PurchaseOrder> orders = jdbc.sql("""
                SELECT o.id, o.customer_id, o.customer_name, o.status, o.total_cents, o.currency, o.placed_at,
                       o.modified_at, o.revision
                FROM purchase_order o
                """ + where).params(params).query(PurchaseOrders::order).list();
        if (orders.isEmpty()) {
            return orders;
        }
        Map<Long, List<OrderLine>> lines = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT order_id, line_no, sku, quantity, reservation_id, product_name, unit_price_cents
                FROM order_line WHERE order_id IN (:ids) ORDER BY order_id, line_no
                """).param("ids", orders.stream().map(PurchaseOrder::id).toList())
                .query((rs, n) -> lines.computeIfAbsent(rs.getLong("order_id"), key -> new ArrayList<>())
                        .add(new OrderLine(rs.getInt("line_no"), rs.getString("sku"), rs.getInt("quantity"),
                                rs.getObject("reservation_id", UUID.class), rs.getString("product_name"),
                                rs.getObject("unit_price_cents") == null ? null : rs.getLong("unit_price_cents"))))
                .list();
        return orders.stream().map(order -> new PurchaseOrder(order.id(), order.customerId(), order.customerName(),
                order.status(), order.totalCents(), order.currency(), lines.getOrDefault(order.id(), List.of()),
                order.placedAt(), order.modifiedAt(), order.revision())).toList();
    }

    private static PurchaseOrder order(ResultSet rs, int row) throws SQLException {
        return new PurchaseOrder(rs.getLong("id"), rs.getLong("customer_id"), rs.getString("customer_name"),
                OrderStatus.valueOf(rs.getString("status")), rs.getLong("total_cents"),
                rs.getString("currency").strip(), List.of(),
                rs.getObject("placed_at", OffsetDateTime.class).toInstant(),
                rs.getObject("modified_at", OffsetDateTime.class).toInstant(), rs.getLong("revision"));
    }

    // PostgreSQL keeps microseconds: truncating here makes what we answer equal to what a re-read returns.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
