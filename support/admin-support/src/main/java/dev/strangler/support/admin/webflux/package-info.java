/**
 * The admin conventions on WebFlux (the proxy's admin API): problem documents as a response or written straight
 * to an exchange, the bearer check on a request.
 */
@NullMarked
package dev.strangler.support.admin.webflux;

import org.jspecify.annotations.NullMarked;
