package com.acme.orderservice.order;

/**
 * Where an order is in its life. {@code PENDING} (its placement saga runs) and {@code REJECTED} (placement failed
 * and was undone) are never shown by the API: as in the shop, a client sees an order only once it is paid.
 */
enum OrderStatus {
    PENDING, PAID, CANCELLED, REJECTED;

    static final java.util.List<String> VISIBLE = java.util.List.of(PAID.name(), CANCELLED.name());
}
