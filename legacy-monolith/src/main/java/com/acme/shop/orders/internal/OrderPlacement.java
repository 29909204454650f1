package com.acme.shop.orders.internal;

import com.acme.shop.catalog.Inventory;
import com.acme.shop.catalog.ReservedStock;
import com.acme.shop.customers.internal.Customers;
import com.acme.shop.payments.Charge;
import com.acme.shop.payments.Payments;
import com.acme.shop.system.InvalidParameterException;
import com.acme.shop.system.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places and cancels orders in one local transaction: check the customer, reserve stock, take the payment.
 * Any failure rolls all of it back, which is what the monolith's single database makes easy and what
 * order-service has to replace with a saga.
 */
@Service
@Transactional
class OrderPlacement {

    static final String CURRENCY = "EUR";

    // Legacy coupling: the customers module's internal repository, not its CustomerDirectory API.
    private final Customers customers;
    private final Inventory inventory;
    private final Payments payments;
    private final Orders orders;

    OrderPlacement(Customers customers, Inventory inventory, Payments payments, Orders orders) {
        this.customers = customers;
        this.inventory = inventory;
        this.payments = payments;
        this.orders = orders;
    }

    Order place(PlaceOrderForm form) {
        if (!customers.existsById(form.customerId())) {
            throw new InvalidParameterException("customerId", "customer " + form.customerId() + " does not exist");
        }
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < form.lines().size(); i++) {
            PlaceOrderForm.LineForm line = form.lines().get(i);
            ReservedStock reserved;
            try {
                reserved = inventory.reserve(UUID.randomUUID(), line.sku(), line.quantity());
            }
            catch (NotFoundException ex) {
                throw new InvalidParameterException("lines[" + i + "].sku", "product " + line.sku()
                        + " does not exist");
            }
            lines.add(new OrderLine(i + 1, reserved.sku(), reserved.productName(), reserved.quantity(),
                    reserved.unitPriceCents(), reserved.reservationId()));
        }
        Order order = orders.saveAndFlush(new Order(form.customerId(), CURRENCY, lines));
        payments.charge(new Charge(order.paymentReference(), order.getId(), order.getTotalCents(), CURRENCY,
                form.payment().method(), form.payment().cardToken()));
        order.markPaid();
        return orders.saveAndFlush(order);
    }

    Order cancel(long orderId) {
        Order order = orders.findById(orderId).orElseThrow(() -> new NotFoundException("Order", orderId));
        order.markCancelled();
        order.getLines().stream().map(OrderLine::getReservationId).filter(java.util.Objects::nonNull)
                .forEach(inventory::release);
        payments.refund(order.paymentReference());
        return orders.saveAndFlush(order);
    }
}
