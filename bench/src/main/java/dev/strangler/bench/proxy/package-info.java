/** What the strangler proxy costs: the same requests direct and through the proxy in each mode, and canary accuracy. */
@NullMarked
package dev.strangler.bench.proxy;

import org.jspecify.annotations.NullMarked;
