/**
 * A real PostgreSQL 17 with logical WAL for integration tests, shared per JVM, a fresh database per test context.
 */
@NullMarked
package dev.strangler.testsupport.postgres;

import org.jspecify.annotations.NullMarked;
