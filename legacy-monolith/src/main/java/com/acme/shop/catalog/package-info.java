/**
 * The catalog module: products, prices and stock. Its API for other modules is
 * {@link com.acme.shop.catalog.Inventory}, which reserves and releases stock idempotently.
 */
@NullMarked
package com.acme.shop.catalog;

import org.jspecify.annotations.NullMarked;
