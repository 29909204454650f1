package com.acme.shop.system.seed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the demo data set once, into a database with no customers. Rows are generated in SQL from their index
 * (names, emails, prices and timestamps alike), so the same settings always give the same data, and a million
 * customers take seconds rather than a million round trips. Each chunk commits on its own and reports progress.
 */
@Component
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final int CHUNK = 100_000;

    private final SeedSettings settings;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    DemoData(SeedSettings settings, JdbcClient jdbc, TransactionTemplate transactions) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!settings.enabled()) {
            return;
        }
        if (jdbc.sql("SELECT EXISTS (SELECT 1 FROM customers)").query(Boolean.class).single()) {
            log.info("Demo data: the database already holds customers, nothing written");
            return;
        }
        log.info("Demo data: writing {} customers, {} products and {} orders", settings.customers(),
                settings.products(), settings.orders());
        inChunks("products", settings.products(), this::products);
        inChunks("customers", settings.customers(), this::customers);
        inChunks("orders", settings.orders(), this::orders);
        // Rows were written with explicit ids: move the identity sequences past them.
        for (String table : new String[] {"customers", "orders", "order_lines", "payments"}) {
            jdbc.sql("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), "
                    + "(SELECT coalesce(max(id), 0) + 1 FROM " + table + "), false)").query().singleRow();
        }
        log.info("Demo data: done");
    }

    private interface ChunkWriter {
        void write(long from, long to);
    }

    private void inChunks(String what, int total, ChunkWriter writer) {
        for (long from = 1; from <= total; from += CHUNK) {
            long to = Math.min(total, from + CHUNK - 1);
            long first = from;
            transactions.executeWithoutResult(status -> writer.write(first, to));
            if (total > CHUNK) {
                log.info("Demo data: {} {}/{} ({}%)", what, to, total, to * 100 / total);
            }
        }
    }

    private void products(long from, long to) {
        jdbc.sql("""
                INSERT INTO products (sku, name, description, price_cents, stock, created_at, updated_at)
                SELECT 'SKU-' || lpad(i::text, 5, '0'),
                       (ARRAY['Espresso Cup','Tea Kettle','French Press','Coffee Grinder','Milk Jug','Tea Tin',
                              'Pour-Over Kit','Travel Mug','Cocoa Tin','Water Filter'])[1 + i % 10] || ' No. ' || i,
                       'A fine item from the demo catalogue',
                       500 + (i * 397) % 9500,
                       1000000,
                       TIMESTAMPTZ '2024-01-01 09:00:00+00' + i * INTERVAL '1 minute', TIMESTAMPTZ '2024-01-01 09:00:00+00' + i * INTERVAL '1 minute'
                FROM generate_series(:from, :to) AS i
                """).param("from", from).param("to", to).update();
    }

    private void customers(long from, long to) {
        jdbc.sql("""
                INSERT INTO customers (id, first_name, last_name, email, phone, street, city, postal_code, country,
                                       created_at, updated_at)
                SELECT i, f.name, l.name,
                       lower(f.name) || '.' || lower(l.name) || '.' || i || '@example.com',
                       CASE WHEN i % 4 = 0 THEN NULL ELSE '+49 30 ' || lpad((i * 7919 % 10000000)::text, 7, '0') END,
                       CASE WHEN i % 10 = 0 THEN NULL ELSE (i % 200 + 1) || ' ' || s.name END,
                       CASE WHEN i % 10 = 0 THEN NULL ELSE c.name END,
                       CASE WHEN i % 10 = 0 THEN NULL ELSE lpad((10000 + i * 31 % 89999)::text, 5, '0') END,
                       CASE WHEN i % 10 = 0 THEN NULL ELSE c.country END,
                       TIMESTAMPTZ '2024-01-01 09:00:00+00' + i * INTERVAL '1 minute', TIMESTAMPTZ '2024-01-01 09:00:00+00' + i * INTERVAL '1 minute'
                FROM generate_series(:from, :to) AS i
                CROSS JOIN LATERAL (SELECT (ARRAY['Ada','Alan','Grace','Edsger','Barbara','Donald','Margaret',
                        'Ken','Frances','Niklaus','Radia','Tim','Hedy','John','Katherine','Linus','Sophie','Dennis',
                        'Anita','Bjarne'])[1 + i % 20] AS name) f
                CROSS JOIN LATERAL (SELECT (ARRAY['Lovelace','Turing','Hopper','Dijkstra','Liskov','Knuth',
                        'Hamilton','Thompson','Allen','Wirth','Perlman','Berners-Lee','Lamarr','Backus','Johnson',
                        'Torvalds','Wilson','Ritchie','Borg','Stroustrup'])[1 + (i / 20) % 20] AS name) l
                CROSS JOIN LATERAL (SELECT (ARRAY['Main Street','Station Road','Mill Lane','Church Street',
                        'Park Avenue'])[1 + i % 5] AS name) s
                CROSS JOIN LATERAL (SELECT (ARRAY['Berlin','Paris','Vienna','Amsterdam','Lisbon'])[1 + i % 5] AS name,
                        (ARRAY['DE','FR','AT','NL','PT'])[1 + i % 5] AS country) c
                """).param("from", from).param("to", to).update();
    }

    private void orders(long from, long to) {
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
}
