package com.acme.shop.payments.internal;

import com.acme.shop.payments.PaymentReceipt;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/** Money taken for an order, possibly given back. Declined charges are never stored. */
@Entity
@Table(name = "payments")
class Payment {

    enum Status { CAPTURED, REFUNDED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    private String reference;

    @Column(name = "order_id")
    private long orderId;

    @Column(name = "amount_cents")
    private long amountCents;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(length = 3)
    private String currency;

    private String method;

    @Enumerated(EnumType.STRING)
    private Status status;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private long version;

    @SuppressWarnings("NullAway.Init") // for JPA only
    protected Payment() {
    }

    Payment(String reference, long orderId, long amountCents, String currency, String method) {
        this.reference = reference;
        this.orderId = orderId;
        this.amountCents = amountCents;
        this.currency = currency;
        this.method = method;
        this.status = Status.CAPTURED;
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        this.updatedAt = createdAt;
    }

    /** Refunds a captured payment; a refunded one stays as it is, so that a retried refund is harmless. */
    void refund() {
        if (status == Status.CAPTURED) {
            status = Status.REFUNDED;
            updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        }
    }

    boolean sameChargeAs(long orderId, long amountCents, String currency) {
        return this.orderId == orderId && this.amountCents == amountCents && this.currency.equals(currency);
    }

    PaymentReceipt receipt() {
        return new PaymentReceipt(getId(), reference, orderId, amountCents, status.name());
    }

    long getId() {
        if (id == null) {
            throw new IllegalStateException("Payment not saved yet");
        }
        return id;
    }

    String getReference() {
        return reference;
    }

    long getOrderId() {
        return orderId;
    }

    long getAmountCents() {
        return amountCents;
    }

    String getCurrency() {
        return currency;
    }

    String getMethod() {
        return method;
    }

    Status getStatus() {
        return status;
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
