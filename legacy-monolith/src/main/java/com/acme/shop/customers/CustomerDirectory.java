package com.acme.shop.customers;

import com.acme.shop.customers.internal.Customers;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The customers module's declared API: what other modules may ask about a customer. */
@Service
@Transactional(readOnly = true)
public class CustomerDirectory {

    private final Customers customers;

    CustomerDirectory(Customers customers) {
        this.customers = customers;
    }

    public Optional<CustomerSummary> find(long customerId) {
        return customers.findById(customerId)
                .map(customer -> new CustomerSummary(customer.getId(), customer.fullName(), customer.getEmail()));
    }
}
