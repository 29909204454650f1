package com.acme.shop.catalog.internal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A product as the API answers with it. */
record ProductView(String sku, String name, @Nullable String description, long priceCents, int stock,
        Instant createdAt, Instant updatedAt, long version) {

    static ProductView of(Product product) {
        return new ProductView(product.getSku(), product.getName(), product.getDescription(),
                product.getPriceCents(), product.getStock(), product.getCreatedAt(), product.getUpdatedAt(),
                product.getVersion());
    }
}
