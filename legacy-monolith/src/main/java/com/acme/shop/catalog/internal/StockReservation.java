package com.acme.shop.catalog.internal;

import com.acme.shop.catalog.ReservedStock;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Stock held for an order line until the order is cancelled. */
@Entity
@Table(name = "stock_reservations")
class StockReservation {

    enum Status { RESERVED, RELEASED }

    @Id
    private UUID id;

    private String sku;

    private int quantity;

    @Enumerated(EnumType.STRING)
    private Status status;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    // Not persisted: the product's name and price, for the answer to the caller that reserved.
    private transient String productName = "";

    private transient long unitPriceCents;

    @SuppressWarnings("NullAway.Init") // for JPA only
    protected StockReservation() {
    }

    StockReservation(UUID id, String sku, int quantity) {
        this.id = id;
        this.sku = sku;
        this.quantity = quantity;
        this.status = Status.RESERVED;
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        this.updatedAt = createdAt;
    }

    StockReservation describedBy(Product product) {
        this.productName = product.getName();
        this.unitPriceCents = product.getPriceCents();
        return this;
    }

    boolean isReserved() {
        return status == Status.RESERVED;
    }

    boolean matches(String sku, int quantity) {
        return this.sku.equals(sku) && this.quantity == quantity;
    }

    void markReleased() {
        this.status = Status.RELEASED;
        this.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    ReservedStock reservedStock() {
        return new ReservedStock(id, sku, productName, quantity, unitPriceCents);
    }

    UUID getId() {
        return id;
    }

    String getSku() {
        return sku;
    }

    int getQuantity() {
        return quantity;
    }

    Status getStatus() {
        return status;
    }
}
