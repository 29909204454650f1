/**
 * {@code strangler init}: a working starter stack written from what can be read of a monolith (its database's
 * catalog, its endpoints), with a capture preflight that only reads.
 */
@NullMarked
package dev.strangler.plans.init;

import org.jspecify.annotations.NullMarked;
