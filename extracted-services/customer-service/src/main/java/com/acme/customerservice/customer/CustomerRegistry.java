package com.acme.customerservice.customer;

import dev.strangler.support.web.InvalidFieldException;
import dev.strangler.support.web.ResourceNotFoundException;
import dev.strangler.support.web.StateConflictException;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registering, changing and removing customers, guarding unique emails and concurrent edits. The checks and
 * their messages are the legacy shop's, in its order, so that both answer a request alike.
 *
 * <p>Unlike the shop, removing a customer does not look for their orders: this service cannot see orders (an
 * allowed difference of the contract, {@code delete-customer-with-orders}).
 */
@Service
@Transactional
class CustomerRegistry {

    private final Customers customers;

    CustomerRegistry(Customers customers) {
        this.customers = customers;
    }

    @Transactional(readOnly = true)
    List<Customer> page(int page, int size) {
        return customers.findPage(page, size);
    }

    @Transactional(readOnly = true)
    long count() {
        return customers.count();
    }

    @Transactional(readOnly = true)
    Customer get(long id) {
        return customers.findById(id).orElseThrow(() -> new ResourceNotFoundException("Customer", id));
    }

    Customer register(CustomerForm form) {
        if (customers.existsByEmail(Customer.normalizeEmail(form.email()), null)) {
            throw new StateConflictException("A customer with this email already exists");
        }
        return customers.register(Customer.register(form.firstName(), form.lastName(), form.email(), form.phone(),
                form.postalAddress()));
    }

    Customer change(long id, CustomerForm form) {
        Long version = form.version();
        if (version == null) {
            throw new InvalidFieldException("version", "is required when updating: send the version you read");
        }
        Customer current = get(id);
        if (current.revision() != version) {
            throw new StateConflictException("Customer " + id + " is at version " + current.revision() + ", not "
                    + version + "; reload it and retry");
        }
        if (customers.existsByEmail(Customer.normalizeEmail(form.email()), id)) {
            throw new StateConflictException("A customer with this email already exists");
        }
        Customer changed = current.change(form.firstName(), form.lastName(), form.email(), form.phone(),
                form.postalAddress());
        if (!customers.update(changed, current.revision())) {
            throw new StateConflictException(
                    "The resource was changed by someone else; reload it and retry with its current version");
        }
        return changed;
    }

    void remove(long id) {
        get(id);
        customers.delete(id);
    }
}
