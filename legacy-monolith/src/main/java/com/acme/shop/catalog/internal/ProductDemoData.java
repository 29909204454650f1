package com.acme.shop.catalog.internal;

import com.acme.shop.system.seed.DemoDataSet;
import com.acme.shop.system.seed.SeedSettings;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo catalogue: products with generated SKUs, names and prices, and plenty of stock.
 */
@Component
@Order(1)
class ProductDemoData implements DemoDataSet {

    private final JdbcClient jdbc;

    ProductDemoData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "products";
    }

    @Override
    public int count(SeedSettings settings) {
        return settings.products();
    }

    @Override
    public boolean isEmpty() {
        return !jdbc.sql("SELECT EXISTS (SELECT 1 FROM products)").query(Boolean.class).single();
    }

    @Override
    public void write(SeedSettings settings, long from, long to) {
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
}
