/** What order-service knows of customers: asked from customer-service's API, never read from its tables. */
@NullMarked
package com.acme.orderservice.customer;

import org.jspecify.annotations.NullMarked;
