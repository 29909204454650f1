/**
 * The deterministic demo data set: small by default, millions of rows for benchmarks by a flag.
 */
@NullMarked
package com.acme.shop.system.seed;

import org.jspecify.annotations.NullMarked;
