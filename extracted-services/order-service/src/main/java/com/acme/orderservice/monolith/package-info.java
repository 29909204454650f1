/**
 * What still belongs to the monolith, reached through its HTTP API: stock reservations and payments. Every call is
 * idempotent on an id order-service chose and stored first.
 */
@NullMarked
package com.acme.orderservice.monolith;

import org.jspecify.annotations.NullMarked;
