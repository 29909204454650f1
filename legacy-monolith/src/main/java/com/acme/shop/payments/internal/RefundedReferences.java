package com.acme.shop.payments.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * References refunded before any charge under them arrived ({@code payment_refunded_references}), and the per-reference
 * lock that makes a charge and a refund of one reference happen one after the other.
 */
@Repository
class RefundedReferences {

    private final JdbcClient jdbc;

    RefundedReferences(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Holds the reference's lock until the current transaction ends. Without it a charge and a refund running at
     * once could each miss the other's row (the charge sees no tombstone, the refund sees no payment) and the money
     * would be kept.
     */
    void lock(String reference) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('payment-reference:' || ?, 0))").param(reference)
                .query((rs, row) -> 1).list();
    }

    boolean contains(String reference) {
        return jdbc.sql("SELECT count(*) FROM payment_refunded_references WHERE reference = ?").param(reference)
                .query(Long.class).single() > 0;
    }

    void add(String reference) {
        jdbc.sql("INSERT INTO payment_refunded_references (reference) VALUES (?) ON CONFLICT (reference) DO NOTHING")
                .param(reference).update();
    }
}
