package com.acme.shop.orders.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One product of an order, at the name and price it had when the order was placed. */
@Entity
@Table(name = "order_lines")
class OrderLine {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Column(name = "line_no")
    private int lineNo;

    private String sku;

    @Column(name = "product_name")
    private String productName;

    private int quantity;

    @Column(name = "unit_price_cents")
    private long unitPriceCents;

    @Column(name = "reservation_id")
    private @Nullable UUID reservationId;

    @SuppressWarnings("NullAway.Init") // for JPA only
    protected OrderLine() {
    }

    OrderLine(int lineNo, String sku, String productName, int quantity, long unitPriceCents, UUID reservationId) {
        this.lineNo = lineNo;
        this.sku = sku;
        this.productName = productName;
        this.quantity = quantity;
        this.unitPriceCents = unitPriceCents;
        this.reservationId = reservationId;
    }

    long totalCents() {
        return unitPriceCents * quantity;
    }

    int getLineNo() {
        return lineNo;
    }

    String getSku() {
        return sku;
    }

    String getProductName() {
        return productName;
    }

    int getQuantity() {
        return quantity;
    }

    long getUnitPriceCents() {
        return unitPriceCents;
    }

    @Nullable UUID getReservationId() {
        return reservationId;
    }
}
