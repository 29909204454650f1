package com.acme.shop.orders.internal;

import com.acme.shop.system.ConflictException;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A customer's order: lines, a total, and a status that only moves forward. */
@Entity
@Table(name = "orders")
class Order {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Column(name = "customer_id")
    private long customerId;

    @Enumerated(EnumType.STRING)
    private OrderStatus status;

    @Column(name = "total_cents")
    private long totalCents;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(length = 3)
    private String currency;

    @OneToMany(cascade = CascadeType.ALL, orphanRemoval = true)
    @JoinColumn(name = "order_id", nullable = false)
    @OrderBy("lineNo")
    private List<OrderLine> lines = new ArrayList<>();

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private long version;

    @SuppressWarnings("NullAway.Init") // for JPA only
    protected Order() {
    }

    Order(long customerId, String currency, List<OrderLine> lines) {
        this.customerId = customerId;
        this.currency = currency;
        this.lines.addAll(lines);
        this.totalCents = lines.stream().mapToLong(OrderLine::totalCents).sum();
        this.status = OrderStatus.PENDING;
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        this.updatedAt = createdAt;
    }

    void markPaid() {
        if (status != OrderStatus.PENDING) {
            throw new ConflictException("Order " + id + " is " + status + " and cannot be paid");
        }
        moveTo(OrderStatus.PAID);
    }

    void markCancelled() {
        if (status == OrderStatus.CANCELLED) {
            throw new ConflictException("Order " + id + " is already cancelled");
        }
        moveTo(OrderStatus.CANCELLED);
    }

    private void moveTo(OrderStatus next) {
        status = next;
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    String paymentReference() {
        return "order-" + getId();
    }

    long getId() {
        if (id == null) {
            throw new IllegalStateException("Order not saved yet");
        }
        return id;
    }

    long getCustomerId() {
        return customerId;
    }

    OrderStatus getStatus() {
        return status;
    }

    long getTotalCents() {
        return totalCents;
    }

    String getCurrency() {
        return currency;
    }

    List<OrderLine> getLines() {
        return List.copyOf(lines);
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }

    long getVersion() {
        return version;
    }
}
