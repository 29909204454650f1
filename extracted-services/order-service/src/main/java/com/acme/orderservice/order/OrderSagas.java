package com.acme.orderservice.order;

import com.acme.orderservice.system.OrderServiceSettings;
import dev.strangler.support.web.StateConflictException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Where each order's saga stands, in {@code order_saga}, and who is advancing it. Every run (the request thread's
 * or the sweep's) holds a {@link Claim}: it is taken with a conditional update that changes the row only while no
 * other live claim exists, and every move of a step changes the row only while the claim is still the run's own.
 * A run that finds its claim gone stops, so no step is ever run by two runs at once.
 */
@Repository
class OrderSagas {

    private final JdbcClient jdbc;
    private final double claimSeconds;

    OrderSagas(JdbcClient jdbc, OrderServiceSettings settings) {
        this.jdbc = jdbc;
        this.claimSeconds = settings.saga().claimFor().toMillis() / 1000.0;
    }

    /** One run's hold on one saga; the token is new for every run, so two runs of one process are told apart. */
    record Claim(long orderId, String token) {

        static Claim of(long orderId) {
            return new Claim(orderId, UUID.randomUUID().toString());
        }
    }

    /** Thrown when another run holds the saga now: this run must stop without touching it. */
    static class ClaimLostException extends StateConflictException {

        ClaimLostException(long orderId) {
            super("Order " + orderId + " is being advanced by another run; its outcome will show on the order");
        }
    }

    /** Starts the placement saga, claimed by the run that starts it. */
    Claim startPlacement(long orderId, String paymentMethod, @Nullable String cardToken) {
        Claim claim = Claim.of(orderId);
        jdbc.sql("""
                INSERT INTO order_saga (order_id, step, payment_reference, payment_method, card_token, started_at,
                                        updated_at, claimed_by, claimed_until)
                VALUES (?, 'RESERVING_STOCK', ?, ?, ?, now(), now(), ?, now() + make_interval(secs => ?))
                """).param(orderId).param(PurchaseOrder.paymentReference(orderId)).param(paymentMethod)
                .param(cardToken).param(claim.token()).param(claimSeconds).update();
        return claim;
    }

    /**
     * Also for orders placed in the monolith and synced here, which have no saga row yet. Empty when another run
     * holds the saga (e.g. a cancel already running).
     */
    Optional<Claim> startCancelling(long orderId) {
        Claim claim = Claim.of(orderId);
        int rows = jdbc.sql("""
                INSERT INTO order_saga (order_id, step, payment_reference, started_at, updated_at, claimed_by,
                                        claimed_until)
                VALUES (?, 'CANCELLING', ?, now(), now(), ?, now() + make_interval(secs => ?))
                ON CONFLICT (order_id) DO UPDATE SET step = 'CANCELLING', failure = NULL, updated_at = now(),
                        claimed_by = excluded.claimed_by, claimed_until = excluded.claimed_until
                    WHERE order_saga.claimed_until IS NULL OR order_saga.claimed_until < now()
                """).param(orderId).param(PurchaseOrder.paymentReference(orderId)).param(claim.token())
                .param(claimSeconds).update();
        return rows == 1 ? Optional.of(claim) : Optional.empty();
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

    /**
     * Stores the next step, if the saga is still at {@code from} and still this run's; a finished saga forgets the
     * card token (only a payment step needs it) and its claim.
     *
     * @throws ClaimLostException when another run holds the saga now (nothing is changed)
     */
    void moveTo(Claim claim, SagaStep from, SagaStep to, @Nullable String failure) {
        int rows = jdbc.sql("""
                UPDATE order_saga SET step = ?, failure = coalesce(?, failure), updated_at = now(),
                                      card_token = CASE WHEN ? THEN NULL ELSE card_token END,
                                      claimed_by = CASE WHEN ? THEN NULL ELSE claimed_by END,
                                      claimed_until = CASE WHEN ? THEN NULL
                                                      ELSE now() + make_interval(secs => ?) END
                WHERE order_id = ? AND step = ? AND claimed_by = ?
                """).param(to.name()).param(failure).param(to.isFinished()).param(to.isFinished())
                .param(to.isFinished()).param(claimSeconds).param(claim.orderId()).param(from.name())
                .param(claim.token()).update();
        if (rows != 1) {
            throw new ClaimLostException(claim.orderId());
        }
    }

    /**
     * Extends the claim before a monolith call, so that it outlasts the call.
     *
     * @throws ClaimLostException when another run holds the saga now
     */
    void renew(Claim claim, SagaStep step) {
        int rows = jdbc.sql("""
                UPDATE order_saga SET claimed_until = now() + make_interval(secs => ?)
                WHERE order_id = ? AND step = ? AND claimed_by = ?
                """).param(claimSeconds).param(claim.orderId()).param(step.name()).param(claim.token()).update();
        if (rows != 1) {
            throw new ClaimLostException(claim.orderId());
        }
    }

    /** Lets go of a saga this run stops advancing (the sweep resumes it later); a lost claim is left alone. */
    void release(Claim claim) {
        jdbc.sql("UPDATE order_saga SET claimed_by = NULL, claimed_until = NULL WHERE order_id = ? AND claimed_by = ?")
                .param(claim.orderId()).param(claim.token()).update();
    }

    /** Sagas that no run is advancing: claimed by none (or the claim ran out), last moved before {@code before}. */
    List<Long> unfinishedSince(Instant before) {
        return jdbc.sql("""
                SELECT order_id FROM order_saga
                WHERE step NOT IN ('PLACED', 'REJECTED', 'CANCELLED') AND updated_at < ?
                  AND (claimed_until IS NULL OR claimed_until < now())
                ORDER BY updated_at
                """).param(OffsetDateTime.ofInstant(before, ZoneOffset.UTC)).query(Long.class).list();
    }

    /**
     * Claims an abandoned saga at {@code step} for a new run: one row changes only if it is still at that step, was
     * last moved before {@code before} and no live claim holds it. Empty when another run holds or moved it.
     */
    Optional<Claim> claimAbandoned(long orderId, SagaStep step, Instant before) {
        Claim claim = Claim.of(orderId);
        int rows = jdbc.sql("""
                UPDATE order_saga SET claimed_by = ?, claimed_until = now() + make_interval(secs => ?),
                                      updated_at = now()
                WHERE order_id = ? AND step = ? AND updated_at < ?
                  AND (claimed_until IS NULL OR claimed_until < now())
                """).param(claim.token()).param(claimSeconds).param(orderId).param(step.name())
                .param(OffsetDateTime.ofInstant(before, ZoneOffset.UTC)).update();
        return rows == 1 ? Optional.of(claim) : Optional.empty();
    }
}
