package com.acme.orderservice.order;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One product of an order; name and price are known once the monolith holds its stock. */
record OrderLine(int lineNo, String sku, int quantity, UUID reservationId, @Nullable String productName,
        @Nullable Long unitPriceCents) {

    boolean isHeld() {
        return productName != null;
    }
}
