/** The bare Spring Cloud Gateway that the proxy benchmark measures the kit against. */
@NullMarked
package dev.strangler.bench.gateway;

import org.jspecify.annotations.NullMarked;
