package com.acme.shop.orders.internal;

import com.acme.shop.system.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The read side of orders, in SQL.
 *
 * <p>Legacy coupling: it joins the customers module's {@code customers} table to show the customer's name,
 * so the orders module cannot move out before it learns that name another way.
 */
@Component
@Transactional(readOnly = true)
class OrderQueries {

    private static final String SELECT_ORDERS = """
            SELECT o.id, o.customer_id, c.first_name || ' ' || c.last_name AS customer_name, o.status,
                   o.total_cents, o.currency, o.created_at, o.updated_at, o.version
            FROM orders o JOIN customers c ON c.id = o.customer_id
            """;

    private final JdbcClient jdbc;

    OrderQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    OrderView get(long id) {
        return page(SELECT_ORDERS + " WHERE o.id = :id", Map.of("id", id)).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("Order", id));
    }

    List<OrderView> list(@Nullable Long customerId, int page, int size) {
        String where = customerId == null ? "" : " WHERE o.customer_id = :customerId";
        Map<String, Object> params = new LinkedHashMap<>();
        if (customerId != null) {
            params.put("customerId", customerId);
        }
        params.put("limit", size);
        params.put("offset", (long) page * size);
        return page(SELECT_ORDERS + where + " ORDER BY o.id LIMIT :limit OFFSET :offset", params);
    }

    long count(@Nullable Long customerId) {
        return customerId == null
                ? jdbc.sql("SELECT count(*) FROM orders").query(Long.class).single()
                : jdbc.sql("SELECT count(*) FROM orders WHERE customer_id = ?").param(customerId).query(Long.class)
                        .single();
    }

    private List<OrderView> page(String sql, Map<String, ?> params) {
        List<OrderView> headers = jdbc.sql(sql).params(params).query(OrderQueries::header).list();
        if (headers.isEmpty()) {
            return headers;
        }
        Map<Long, List<OrderView.LineView>> lines = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT order_id, line_no, sku, product_name, quantity, unit_price_cents
                FROM order_lines WHERE order_id IN (:ids) ORDER BY order_id, line_no
                """)
                .param("ids", headers.stream().map(OrderView::id).toList())
                .query((rs, n) -> lines.computeIfAbsent(rs.getLong("order_id"), key -> new ArrayList<>())
                        .add(new OrderView.LineView(rs.getInt("line_no"), rs.getString("sku"),
                                rs.getString("product_name"), rs.getInt("quantity"), rs.getLong("unit_price_cents"))))
                .list();
        return headers.stream().map(order -> new OrderView(order.id(), order.customerId(), order.customerName(),
                order.status(), order.totalCents(), order.currency(), lines.getOrDefault(order.id(), List.of()),
                order.createdAt(), order.updatedAt(), order.version())).toList();
    }

    private static OrderView header(ResultSet rs, int row) throws SQLException {
        return new OrderView(rs.getLong("id"), rs.getLong("customer_id"), rs.getString("customer_name"),
                rs.getString("status"), rs.getLong("total_cents"), rs.getString("currency").strip(), List.of(),
                instant(rs, "created_at"), instant(rs, "updated_at"), rs.getLong("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
