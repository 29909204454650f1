package com.acme.orderservice.order;

import com.acme.orderservice.monolith.ShopBackOffice;
import com.acme.orderservice.monolith.ShopBackOffice.HeldStock;
import com.acme.orderservice.monolith.ShopBackOffice.StepResult;
import dev.strangler.support.web.Problems;
import com.acme.orderservice.system.RemoteUnavailableException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs an order's saga from the step stored for it to a finished step, storing each next step before taking it.
 * The same code runs for a request and for a saga resumed after a restart: every remote step is idempotent on ids
 * stored before the call (reservation ids per line, the payment reference {@code order-<id>}), so repeating a step
 * whose outcome was lost never holds stock or takes money twice.
 *
 * <p>A refusal by the monolith (unknown sku, short stock, declined card) or an unreachable monolith during a
 * forward step turns the saga to compensation: release every line's reservation, refund the reference (the monolith
 * refuses a charge that reaches it after that refund, so a charge still on its way never keeps the money), reject
 * the order. If the monolith cannot be reached while compensating or cancelling, the step stays stored and
 * {@link SagaRecovery} finishes it later.
 *
 * <p>A run holds an {@link OrderSagas.Claim} on the saga: the claim is renewed before every monolith call and
 * every step is moved only under it, so the request thread and the sweep never run the same step at once. A run
 * that stops (an exception) lets go of its claim for the sweep.
 */
@Component
class OrderSaga {

    private static final Logger log = LoggerFactory.getLogger(OrderSaga.class);

    /** How a run ended: placed/cancelled, or rejected with the problem the client is to see. */
    record Outcome(SagaStep step, @Nullable ProblemDetail failure) {
    }

    private final PurchaseOrders orders;
    private final OrderSagas sagas;
    private final ShopBackOffice backOffice;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    OrderSaga(PurchaseOrders orders, OrderSagas sagas, ShopBackOffice backOffice, TransactionTemplate transactions,
            ApplicationEventPublisher events) {
        this.orders = orders;
        this.sagas = sagas;
        this.backOffice = backOffice;
        this.transactions = transactions;
        this.events = events;
    }

    /** Advances the claimed saga as far as it goes now. */
    Outcome run(OrderSagas.Claim claim) {
        try {
            return advance(claim);
        }
        catch (RuntimeException ex) {
            sagas.release(claim);
            throw ex;
        }
    }

    private Outcome advance(OrderSagas.Claim claim) {
        long orderId = claim.orderId();
        ProblemDetail failure = null;
        while (true) {
            SagaState saga = sagas.find(orderId).orElseThrow(() -> new IllegalStateException("No saga for order "
                    + orderId));
            SagaStep step = saga.step();
            if (step.isFinished()) {
                return new Outcome(step, step == SagaStep.REJECTED && failure == null
                        ? Problems.problem(HttpStatus.CONFLICT, "Conflict", saga.failure()) : failure);
            }
            try {
                ProblemDetail refusal = switch (step) {
                    case RESERVING_STOCK -> reserveStock(claim, saga);
                    case TAKING_PAYMENT -> takePayment(claim, saga);
                    case CONFIRMING -> confirm(claim, saga);
                    case COMPENSATING -> undo(claim, saga, OrderStatus.REJECTED, SagaStep.REJECTED);
                    case CANCELLING -> undo(claim, saga, OrderStatus.CANCELLED, SagaStep.CANCELLED);
                    default -> throw new IllegalStateException("Unexpected step " + step);
                };
                if (refusal != null) {
                    failure = refusal;
                    sagas.moveTo(claim, step, SagaStep.COMPENSATING, refusal.getDetail());
                }
            }
            catch (RemoteUnavailableException ex) {
                if (!step.isForward()) {
                    log.warn("Order {}: {} stays to be finished later: {}", orderId, step, ex.getMessage());
                    throw ex;
                }
                log.warn("Order {}: {} failed, undoing the placement: {}", orderId, step, ex.getMessage());
                failure = Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", ex.remote()
                        + " does not answer, so the request could not be completed; try again later");
                sagas.moveTo(claim, step, SagaStep.COMPENSATING, ex.getMessage());
            }
            events.publishEvent(new SagaStepCompleted(orderId, step));
        }
    }

    private @Nullable ProblemDetail reserveStock(OrderSagas.Claim claim, SagaState saga) {
        PurchaseOrder order = order(saga);
        for (OrderLine line : order.lines()) {
            if (line.isHeld()) {
                continue; // held by an earlier run of this step
            }
            sagas.renew(claim, saga.step());
            StepResult<HeldStock> result = backOffice.reserve(line.reservationId(), line.sku(), line.quantity());
            if (result instanceof StepResult.Refused<HeldStock> refused) {
                return refused.status() == 404
                        ? Problems.invalidFields(List.of(new Problems.FieldProblem("lines[" + (line.lineNo() - 1)
                                + "].sku", "product " + line.sku() + " does not exist")))
                        : refused.problem();
            }
            HeldStock held = ((StepResult.Done<HeldStock>) result).value();
            orders.hold(order.id(), line.lineNo(), held.productName(), held.unitPriceCents());
        }
        transactions.executeWithoutResult(status -> {
            orders.totalUp(order.id());
            sagas.moveTo(claim, SagaStep.RESERVING_STOCK, SagaStep.TAKING_PAYMENT, null);
        });
        return null;
    }

    private @Nullable ProblemDetail takePayment(OrderSagas.Claim claim, SagaState saga) {
        PurchaseOrder order = order(saga);
        sagas.renew(claim, saga.step());
        StepResult<Long> result = backOffice.charge(saga.paymentReference(), order.id(), order.totalCents(),
                order.currency(), String.valueOf(saga.paymentMethod()), saga.cardToken());
        if (result instanceof StepResult.Refused<Long> refused) {
            return refused.problem();
        }
        sagas.moveTo(claim, SagaStep.TAKING_PAYMENT, SagaStep.CONFIRMING, null);
        return null;
    }

    private @Nullable ProblemDetail confirm(OrderSagas.Claim claim, SagaState saga) {
        transactions.executeWithoutResult(status -> {
            orders.moveTo(saga.orderId(), OrderStatus.PAID);
            sagas.moveTo(claim, SagaStep.CONFIRMING, SagaStep.PLACED, null);
        });
        return null;
    }

    /**
     * Gives back stock and money; both calls are idempotent, so lines never reserved are released harmlessly, and
     * a reference never charged is refused any charge from now on.
     */
    private @Nullable ProblemDetail undo(OrderSagas.Claim claim, SagaState saga, OrderStatus orderStatus,
            SagaStep finished) {
        PurchaseOrder order = order(saga);
        for (OrderLine line : order.lines()) {
            sagas.renew(claim, saga.step());
            backOffice.release(line.reservationId(), line.sku());
        }
        sagas.renew(claim, saga.step());
        backOffice.refund(saga.paymentReference());
        transactions.executeWithoutResult(status -> {
            orders.moveTo(order.id(), orderStatus);
            sagas.moveTo(claim, saga.step(), finished, null);
        });
        return null;
    }

    private PurchaseOrder order(SagaState saga) {
        return orders.find(saga.orderId()).orElseThrow(() -> new IllegalStateException("No order "
                + saga.orderId()));
    }
}
