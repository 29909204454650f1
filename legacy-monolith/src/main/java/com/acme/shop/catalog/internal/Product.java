package com.acme.shop.catalog.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/** Something the shop sells, identified by its SKU, with a price in cents and a stock count. */
@Entity
@Table(name = "products")
class Product {

    @Id
    private String sku;

    private String name;

    private @Nullable String description;

    @Column(name = "price_cents")
    private long priceCents;

    private int stock;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private long version;

    @SuppressWarnings("NullAway.Init") // for JPA only
    protected Product() {
    }

    Product(String sku, String name, @Nullable String description, long priceCents, int stock) {
        this.sku = sku;
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        change(name, description, priceCents, stock);
    }

    final void change(String name, @Nullable String description, long priceCents, int stock) {
        this.name = name.strip();
        this.description = description;
        this.priceCents = priceCents;
        this.stock = stock;
        this.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    String getSku() {
        return sku;
    }

    String getName() {
        return name;
    }

    @Nullable String getDescription() {
        return description;
    }

    long getPriceCents() {
        return priceCents;
    }

    int getStock() {
        return stock;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }

    long getVersion() {
        return version;
    }
}
