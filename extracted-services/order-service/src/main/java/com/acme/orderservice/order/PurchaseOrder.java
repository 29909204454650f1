package com.acme.orderservice.order;

import java.time.Instant;
import java.util.List;

/** An order as stored, with its lines in line order. */
record PurchaseOrder(long id, long customerId, String customerName, OrderStatus status, long totalCents,
        String currency, List<OrderLine> lines, Instant placedAt, Instant modifiedAt, long revision) {

    /** The reference the monolith's payment for this order carries, as the shop itself has always named it. */
    String paymentReference() {
        return paymentReference(id);
    }

    static String paymentReference(long orderId) {
        return "order-" + orderId;
    }
}
