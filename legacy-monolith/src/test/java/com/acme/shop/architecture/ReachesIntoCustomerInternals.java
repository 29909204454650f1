package com.acme.shop.architecture;

import com.acme.shop.customers.internal.Customers;

/**
 * Test fixture only, never part of the architecture check itself: new code that reaches into the customers module's
 * internals, which {@link BaselineTests} adds to the monolith's classes to show that the frozen rules fail on it.
 */
class ReachesIntoCustomerInternals {

    private final Customers customers;

    ReachesIntoCustomerInternals(Customers customers) {
        this.customers = customers;
    }

    long count() {
        return customers.count();
    }
}
