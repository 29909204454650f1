package com.acme.shop.catalog;

import com.acme.shop.catalog.internal.StockKeeping;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The catalog module's declared API: reserve and release stock. Both are idempotent on the caller-chosen
 * reservation id, so a retried call never holds or frees stock twice.
 */
@Service
public class Inventory {

    private final StockKeeping stock;

    Inventory(StockKeeping stock) {
        this.stock = stock;
    }

    /** Holds {@code quantity} of {@code sku}; fails with a conflict when not enough is in stock. */
    public ReservedStock reserve(UUID reservationId, String sku, int quantity) {
        return stock.reserve(reservationId, sku, quantity).reservedStock();
    }

    /** Returns the reserved quantity to stock; releasing twice, or an unknown reservation, changes nothing. */
    public void release(UUID reservationId) {
        stock.release(reservationId);
    }
}
