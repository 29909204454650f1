package com.acme.shop.orders.internal;

import java.time.Instant;
import java.util.List;

/** An order as the API answers with it, with the customer's name shown beside the customer id. */
record OrderView(long id, long customerId, String customerName, String status, long totalCents, String currency,
        List<LineView> lines, Instant createdAt, Instant updatedAt, long version) {

    record LineView(int lineNo, String sku, String productName, int quantity, long unitPriceCents) {
    }
}
