package com.acme.shop.catalog;

import java.util.UUID;

/** Stock held for one order line, at the product's name and price at the time of reserving. */
public record ReservedStock(UUID reservationId, String sku, String productName, int quantity, long unitPriceCents) {
}
