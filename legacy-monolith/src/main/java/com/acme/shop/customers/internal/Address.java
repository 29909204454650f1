package com.acme.shop.customers.internal;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.jspecify.annotations.Nullable;

/** A postal address, stored in the customer's own row (the legacy table has no address table). */
@Embeddable
public class Address {

    private @Nullable String street;

    private @Nullable String city;

    @Column(name = "postal_code")
    private @Nullable String postalCode;

    @JdbcTypeCode(SqlTypes.CHAR) // char(2) in the legacy schema
    @Column(length = 2)
    private @Nullable String country;

    protected Address() {
    }

    Address(@Nullable String street, @Nullable String city, @Nullable String postalCode, @Nullable String country) {
        this.street = street;
        this.city = city;
        this.postalCode = postalCode;
        this.country = country;
    }

    public @Nullable String getStreet() {
        return street;
    }

    public @Nullable String getCity() {
        return city;
    }

    public @Nullable String getPostalCode() {
        return postalCode;
    }

    public @Nullable String getCountry() {
        return country;
    }
}
