package com.acme.customerservice.customer;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A customer as the API answers with it: the shop's JSON names, whatever the columns are called. */
record CustomerView(long id, String firstName, String lastName, String email, @Nullable String phone,
        @Nullable AddressView address, Instant createdAt, Instant updatedAt, long version) {

    record AddressView(@Nullable String street, @Nullable String city, @Nullable String postalCode,
            @Nullable String country) {
    }

    static CustomerView of(Customer customer) {
        PostalAddress address = customer.address();
        return new CustomerView(customer.id(), customer.givenName(), customer.familyName(), customer.email(),
                customer.phoneNumber(), address == null ? null : new AddressView(address.street(), address.city(),
                        address.postalCode(), address.countryCode()),
                customer.registeredAt(), customer.modifiedAt(), customer.revision());
    }
}
