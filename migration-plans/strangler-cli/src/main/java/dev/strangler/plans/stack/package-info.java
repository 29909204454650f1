/**
 * The whole strangled system run on one machine: one embedded PostgreSQL and every app as its own process.
 */
@NullMarked
package dev.strangler.plans.stack;

import org.jspecify.annotations.NullMarked;
