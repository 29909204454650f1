package com.acme.orderservice.order;

import java.time.Instant;
import java.util.List;

/** An order as the API answers with it, with the customer's name beside the customer id. */
record OrderView(long id, long customerId, String customerName, String status, long totalCents, String currency,
        List<LineView> lines, Instant createdAt, Instant updatedAt, long version) {

    record LineView(int lineNo, String sku, String productName, int quantity, long unitPriceCents) {
    }

    static OrderView of(PurchaseOrder order, String customerName) {
        return new OrderView(order.id(), order.customerId(), customerName, order.status().name(), order.totalCents(),
                order.currency(), order.lines().stream().map(line -> new LineView(line.lineNo(), line.sku(),
                        String.valueOf(line.productName()), line.quantity(),
                        line.unitPriceCents() == null ? 0 : line.unitPriceCents())).toList(),
                order.placedAt(), order.modifiedAt(), order.revision());
    }
}
