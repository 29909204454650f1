package com.acme.orderservice.order;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Where each order's saga stands, in {@code order_saga}. */
@Repository
class OrderSagas {

    private final JdbcClient jdbc;

    OrderSagas(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void startPlacement(long orderId, String paymentMethod, @Nullable String cardToken) {
        jdbc.sql("""
                INSERT INTO order_saga (order_id, step, payment_reference, payment_method, card_token, started_at,
                                        updated_at)
                VALUES (?, 'RESERVING_STOCK', ?, ?, ?, now(), now())
                """).param(orderId).param(PurchaseOrder.paymentReference(orderId)).param(paymentMethod)
                .param(cardToken).update();
    }

    /** Also for orders placed in the monolith and synced here, which have no saga row yet. */
    void startCancelling(long orderId) {
        jdbc.sql("""
                INSERT INTO order_saga (order_id, step, payment_reference, started_at, updated_at)
                VALUES (?, 'CANCELLING', ?, now(), now())
                ON CONFLICT (order_id) DO UPDATE SET step = 'CANCELLING', failure = NULL, updated_at = now()
                """).param(orderId).param(PurchaseOrder.paymentReference(orderId)).update();
    }

    Optional<SagaState> find(long orderId) {
        return jdbc.sql("""
                SELECT order_id, step, payment_reference, payment_method, card_token, failure
                FROM order_saga WHERE order_id = ?
                """).param(orderId)
                .query((rs, row) -> new SagaState(rs.getLong("order_id"), SagaStep.valueOf(rs.getString("step")),
                        rs.getString("payment_reference"), rs.getString("payment_method"),
                        rs.getString("card_token"), rs.getString("failure")))
                .optional();
    }

    /** Stores the next step; a finished saga forgets the card token, which only a payment step needs. */
    void moveTo(long orderId, SagaStep step, @Nullable String failure) {
        jdbc.sql("""
                UPDATE order_saga SET step = ?, failure = coalesce(?, failure), updated_at = now(),
                                      card_token = CASE WHEN ? THEN NULL ELSE card_token END
                WHERE order_id = ?
                """).param(step.name()).param(failure).param(step.isFinished()).param(orderId).update();
    }

    /** Sagas that no process is advancing: last moved before {@code before}. */
    List<Long> unfinishedSince(Instant before) {
        return jdbc.sql("""
                SELECT order_id FROM order_saga
                WHERE step NOT IN ('PLACED', 'REJECTED', 'CANCELLED') AND updated_at < ?
                ORDER BY updated_at
                """).param(OffsetDateTime.ofInstant(before, ZoneOffset.UTC)).query(Long.class).list();
    }

    /**
     * Claims a saga for this process if it was last moved at or before {@code before}; false when another thread
     * or process moved it since (it is alive, leave it alone).
     */
    boolean claim(long orderId, Instant before) {
        return jdbc.sql("UPDATE order_saga SET updated_at = now() WHERE order_id = ? AND updated_at < ?")
                .param(orderId).param(OffsetDateTime.ofInstant(before, ZoneOffset.UTC)).update() == 1;
    }
}
