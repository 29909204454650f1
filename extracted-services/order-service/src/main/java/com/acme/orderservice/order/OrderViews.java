package com.acme.orderservice.order;

import com.acme.orderservice.customer.CustomerDirectory;
import com.acme.orderservice.system.RemoteUnavailableException;
import dev.strangler.support.web.ResourceNotFoundException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The read side of orders. The customer's name is asked from customer-service, so that a renamed customer shows
 * with the new name as in the shop; while customer-service does not answer, or for a customer it no longer has,
 * the name stored with the order at placement is shown instead: reading orders never fails for want of a name.
 */
@Component
class OrderViews {

    private static final Logger log = LoggerFactory.getLogger(OrderViews.class);

    private final PurchaseOrders orders;
    private final CustomerDirectory customers;

    OrderViews(PurchaseOrders orders, CustomerDirectory customers) {
        this.orders = orders;
        this.customers = customers;
    }

    OrderView get(long id) {
        return orders.find(id).filter(order -> OrderStatus.VISIBLE.contains(order.status().name()))
                .map(order -> views(List.of(order)).get(0))
                .orElseThrow(() -> new ResourceNotFoundException("Order", id));
    }

    List<OrderView> page(@Nullable Long customerId, int page, int size) {
        return views(orders.findVisible(customerId, page, size));
    }

    long count(@Nullable Long customerId) {
        return orders.countVisible(customerId);
    }

    private List<OrderView> views(List<PurchaseOrder> page) {
        Map<Long, String> names = new HashMap<>();
        boolean customerServiceAnswers = true;
        for (PurchaseOrder order : page) {
            if (!customerServiceAnswers || names.containsKey(order.customerId())) {
                continue;
            }
            try {
                Optional<CustomerDirectory.CustomerFacts> customer = customers.find(order.customerId());
                customer.ifPresent(found -> names.put(found.id(), found.name()));
            }
            catch (RemoteUnavailableException ex) {
                log.warn("Showing customer names stored with the orders: {}", ex.getMessage());
                customerServiceAnswers = false;
            }
        }
        return page.stream().map(order -> OrderView.of(order, names.getOrDefault(order.customerId(),
                order.customerName()))).toList();
    }
}
