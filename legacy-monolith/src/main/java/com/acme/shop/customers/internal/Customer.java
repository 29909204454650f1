package com.acme.shop.customers.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Someone who buys from the shop. Emails are unique and kept in lower case. */
@Entity
@Table(name = "customers")
public class Customer {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    @Column(name = "first_name")
    private String firstName;

    @Column(name = "last_name")
    private String lastName;

    private String email;

    private @Nullable String phone;

    @Embedded
    private @Nullable Address address;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private long version;

    @SuppressWarnings("NullAway.Init") // for JPA only
    protected Customer() {
    }

    Customer(String firstName, String lastName, String email, @Nullable String phone, @Nullable Address address) {
        this.createdAt = now();
        change(firstName, lastName, email, phone, address);
    }

    final void change(String firstName, String lastName, String email, @Nullable String phone,
            @Nullable Address address) {
        this.firstName = firstName.strip();
        this.lastName = lastName.strip();
        this.email = normalizeEmail(email);
        this.phone = phone;
        this.address = address;
        this.updatedAt = now();
    }

    static String normalizeEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    // PostgreSQL keeps microseconds; truncating here makes what we answer equal to what a re-read returns.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public String fullName() {
        return firstName + " " + lastName;
    }

    public Long getId() {
        if (id == null) {
            throw new IllegalStateException("Customer not saved yet");
        }
        return id;
    }

    public String getFirstName() {
        return firstName;
    }

    public String getLastName() {
        return lastName;
    }

    public String getEmail() {
        return email;
    }

    public @Nullable String getPhone() {
        return phone;
    }

    public @Nullable Address getAddress() {
        return address;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public long getVersion() {
        return version;
    }
}
