package com.acme.shop.customers.internal;

import com.acme.shop.system.ConflictException;
import com.acme.shop.system.InvalidParameterException;
import com.acme.shop.system.NotFoundException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, changing and removing customers, guarding unique emails and concurrent edits. */
@Service
@Transactional
class CustomerManagement {

    private final Customers customers;
    private final JdbcClient jdbc;

    CustomerManagement(Customers customers, JdbcClient jdbc) {
        this.customers = customers;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    Page<Customer> list(Pageable pageable) {
        return customers.findAll(pageable);
    }

    @Transactional(readOnly = true)
    Customer get(long id) {
        return customers.findById(id).orElseThrow(() -> new NotFoundException("Customer", id));
    }

    Customer register(CustomerForm form) {
        if (customers.existsByEmail(Customer.normalizeEmail(form.email()))) {
            throw new ConflictException("A customer with this email already exists");
        }
        Customer customer = new Customer(form.firstName(), form.lastName(), form.email(), form.phone(),
                form.address() == null ? null : form.address().toAddress());
        return customers.saveAndFlush(customer);
    }

    Customer change(long id, CustomerForm form) {
        Long version = form.version();
        if (version == null) {
            throw new InvalidParameterException("version", "is required when updating: send the version you read");
        }
        Customer customer = get(id);
        if (customer.getVersion() != version) {
            throw new ConflictException("Customer " + id + " is at version " + customer.getVersion()
                    + ", not " + version + "; reload it and retry");
        }
        if (customers.existsByEmailAndIdNot(Customer.normalizeEmail(form.email()), id)) {
            throw new ConflictException("A customer with this email already exists");
        }
        customer.change(form.firstName(), form.lastName(), form.email(), form.phone(),
                form.address() == null ? null : form.address().toAddress());
        return customers.saveAndFlush(customer);
    }

    void remove(long id) {
        Customer customer = get(id);
        // Legacy coupling: the customers module reads the orders module's table to decide (docs/legacy-coupling.md).
        long orders = jdbc.sql("SELECT count(*) FROM orders WHERE customer_id = ?").param(id).query(Long.class)
                .single();
        if (orders > 0) {
            throw new ConflictException("Customer " + id + " has " + orders + " orders and cannot be deleted");
        }
        customers.delete(customer);
    }
}
