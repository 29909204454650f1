package com.acme.shop.orders.internal;

import com.acme.shop.system.seed.DemoDataSet;
import com.acme.shop.system.seed.SeedSettings;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo orders: 1 to 3 lines each from the demo catalogue, placed by demo customers and paid. The payment rows
 * are written here too, because a payment's amount is the order's total, which only this module may read.
 */
@Component
@Order(3)
class OrderDemoData implements DemoDataSet {

    private final JdbcClient jdbc;

    OrderDemoData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "orders";
    }

    @Override
    public int count(SeedSettings settings) {
        return settings.orders();
    }

    @Override
    public boolean isEmpty() {
        return !jdbc.sql("SELECT EXISTS (SELECT 1 FROM orders)").query(Boolean.class).single();
    }

    @Override
    public void write(SeedSettings settings, long from, long to) {
        int customers = settings.customers();
        int products = settings.products();
        jdbc.sql("""
                INSERT INTO orders (id, customer_id, status, total_cents, currency, created_at, updated_at)
                SELECT i, 1 + (i * 7) % :customers, 'PAID', 0, 'EUR',
                       TIMESTAMPTZ '2024-01-01 09:00:00+00' + i * INTERVAL '30 seconds', TIMESTAMPTZ '2024-01-01 09:00:00+00' + i * INTERVAL '30 seconds'
                FROM generate_series(:from, :to) AS i
                """)
                .param("customers", customers).param("from", from).param("to", to).update();
        // 1 to 3 lines per order; line ids follow from the order id so that chunks never collide.
        jdbc.sql("""
                INSERT INTO order_lines (id, order_id, line_no, sku, product_name, quantity, unit_price_cents)
                SELECT o * 3 + n - 3, o, n, p.sku, p.name, 1 + (o + n) % 3, p.price_cents
                FROM generate_series(:from, :to) AS o
                CROSS JOIN LATERAL generate_series(1, 1 + o % 3) AS n
                JOIN products p ON p.sku = 'SKU-' || lpad((1 + (o * 3 + n) % :products)::text, 5, '0')
                """).param("products", products).param("from", from).param("to", to).update();
        jdbc.sql("""
                UPDATE orders o SET total_cents = t.total
                FROM (SELECT order_id, sum(quantity * unit_price_cents) AS total FROM order_lines
                      WHERE order_id BETWEEN :from AND :to GROUP BY order_id) t
                WHERE o.id = t.order_id
                """).param("from", from).param("to", to).update();
        jdbc.sql("""
                INSERT INTO payments (id, reference, order_id, amount_cents, currency, method, status,
                                      created_at, updated_at)
                SELECT id, 'order-' || id, id, total_cents, currency,
                       CASE WHEN id % 5 = 0 THEN 'INVOICE' ELSE 'CARD' END, 'CAPTURED', created_at, updated_at
                FROM orders WHERE id BETWEEN :from AND :to
                """).param("from", from).param("to", to).update();
    }

    @Override
    public void afterWrite() {
        // Rows were written with explicit ids: move the identity sequences past them.
        for (String table : new String[] {"orders", "order_lines", "payments"}) {
            jdbc.sql("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), "
                    + "(SELECT coalesce(max(id), 0) + 1 FROM " + table + "), false)").query().singleRow();
        }
    }
}
