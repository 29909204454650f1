/**
 * The catalog module's internals: the {@code products} and {@code stock_reservations} tables and the REST API
 * under {@code /api/products}.
 */
@NullMarked
package com.acme.shop.catalog.internal;

import org.jspecify.annotations.NullMarked;
