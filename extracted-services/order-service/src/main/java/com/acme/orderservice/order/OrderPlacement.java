package com.acme.orderservice.order;

import com.acme.orderservice.customer.CustomerDirectory;
import com.acme.orderservice.customer.CustomerDirectory.CustomerFacts;
import dev.strangler.support.web.InvalidFieldException;
import dev.strangler.support.web.ProblemException;
import dev.strangler.support.web.ResourceNotFoundException;
import dev.strangler.support.web.StateConflictException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places and cancels orders: the checks and answers of the shop's own placement, with the one local transaction
 * it had replaced by {@link OrderSaga} over the monolith's stock and payment APIs.
 */
@Service
class OrderPlacement {

    private final CustomerDirectory customers;
    private final PurchaseOrders orders;
    private final OrderSagas sagas;
    private final OrderSaga saga;
    private final TransactionTemplate transactions;

    OrderPlacement(CustomerDirectory customers, PurchaseOrders orders, OrderSagas sagas, OrderSaga saga,
            TransactionTemplate transactions) {
        this.customers = customers;
        this.orders = orders;
        this.sagas = sagas;
        this.saga = saga;
        this.transactions = transactions;
    }

    /** The new order's id once it is paid; otherwise the problem the monolith or a check answered with. */
    long place(PlaceOrderForm form) {
        CustomerFacts customer = customers.find(form.customerId()).orElseThrow(() -> new InvalidFieldException(
                "customerId", "customer " + form.customerId() + " does not exist"));
        OrderSagas.Claim claim = transactions.execute(status -> {
            long id = orders.addPending(customer.id(), customer.name(), form.lines().stream()
                    .map(line -> new PurchaseOrders.NewLine(line.sku(), line.quantity())).toList());
            return sagas.startPlacement(id, form.payment().method(), form.payment().cardToken());
        });
        OrderSaga.Outcome outcome = saga.run(claim);
        if (outcome.step() != SagaStep.PLACED) {
            throw new ProblemException(outcome.failure());
        }
        return claim.orderId();
    }

    /** Releases the stock and refunds the payment of a placed order, like the shop; twice is a conflict. */
    void cancel(long orderId) {
        OrderSagas.Claim claim = transactions.execute(status -> {
            PurchaseOrder order = orders.find(orderId).filter(found -> OrderStatus.VISIBLE
                    .contains(found.status().name())).orElseThrow(() -> new ResourceNotFoundException("Order",
                            orderId));
            if (order.status() == OrderStatus.CANCELLED) {
                throw new StateConflictException("Order " + orderId + " is already cancelled");
            }
            return sagas.startCancelling(orderId).orElseThrow(() -> new StateConflictException("Order " + orderId
                    + " is being changed by another request; try again"));
        });
        saga.run(claim);
    }
}
