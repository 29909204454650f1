/**
 * Cross-cutting code: settings, problem documents as the shop's API answers them, paging, and calls to other
 * systems with timeouts, retries and a circuit breaker.
 */
@NullMarked
package com.acme.orderservice.system;

import org.jspecify.annotations.NullMarked;
