/**
 * Orders: the {@code purchase_order}, {@code order_line} and {@code order_saga} tables, the placement and
 * cancellation sagas over the monolith's stock and payment APIs, and the REST API under {@code /api/orders}, which
 * answers exactly as the legacy shop's did.
 */
@NullMarked
package com.acme.orderservice.order;

import org.jspecify.annotations.NullMarked;
