/**
 * Cross-cutting code: settings, 503 when another system does not answer, and calls to other
 * systems with timeouts, retries and a circuit breaker.
 */
@NullMarked
package com.acme.orderservice.system;

import org.jspecify.annotations.NullMarked;
