package com.acme.shop.customers.internal;

import com.acme.shop.system.seed.DemoDataSet;
import com.acme.shop.system.seed.SeedSettings;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo customers: names, emails, phones and addresses generated from the customer's number.
 */
@Component
@Order(2)
class CustomerDemoData implements DemoDataSet {

    private final JdbcClient jdbc;

    CustomerDemoData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "customers";
    }

    @Override
    public int count(SeedSettings settings) {
        return settings.customers();
    }

    @Override
    public boolean isEmpty() {
        return !jdbc.sql("SELECT EXISTS (SELECT 1 FROM customers)").query(Boolean.class).single();
    }

    @Override
    public void write(SeedSettings settings, long from, long to) {
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

    @Override
    public void afterWrite() {
        // Rows were written with explicit ids: move the identity sequence past them.
        jdbc.sql("SELECT setval(pg_get_serial_sequence('customers', 'id'), "
                + "(SELECT coalesce(max(id), 0) + 1 FROM customers), false)").query().singleRow();
    }
}
