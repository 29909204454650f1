package com.acme.shop.customers;

/** What other modules may know of a customer. */
public record CustomerSummary(long id, String name, String email) {
}
