package dev.strangler.plans.walkthrough;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every customer and order write the client saw acknowledged (2xx), with the state the answer confirmed: the last
 * acknowledged state of each customer and each order is what both databases must hold at the end.
 */
final class AcknowledgedWrites {

    /** A customer as the last acknowledged write left it. */
    record Customer(long id, String firstName, String lastName, String email, long version) {
    }

    /** An order as the last acknowledged write (placement or cancellation) left it. */
    record Order(long id, long customerId, String status, long totalCents, int lines) {
    }

    private final Map<Long, Customer> customers = new LinkedHashMap<>();
    private final Map<Long, Order> orders = new LinkedHashMap<>();
    private long writes;

    synchronized void acknowledged(Customer customer) {
        customers.put(customer.id(), customer);
        writes++;
    }

    synchronized void acknowledged(Order order) {
        orders.put(order.id(), order);
        writes++;
    }

    synchronized List<Order> orders() {
        return List.copyOf(orders.values());
    }

    synchronized List<Customer> customers() {
        return List.copyOf(customers.values());
    }

    synchronized long writes() {
        return writes;
    }
}
