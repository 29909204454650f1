/**
 * The customers module's internals: the {@code customers} table, its entity and repository, and the REST API
 * under {@code /api/customers}. Public only because legacy code elsewhere reaches in (see the module's docs).
 */
@NullMarked
package com.acme.shop.customers.internal;

import org.jspecify.annotations.NullMarked;
