/**
 * The orders module's internals: the {@code orders} and {@code order_lines} tables and the REST API under
 * {@code /api/orders}.
 */
@NullMarked
package com.acme.shop.orders.internal;

import org.jspecify.annotations.NullMarked;
