/**
 * AssertJ assertions on a {@link dev.strangler.sync.verify.DriftReport}, for tests that compare both sides of a
 * pipeline: {@code assertThat(report).isInSync()}, {@code .hasDriftOnlyIn(42, "customer.given_name")}.
 */
@NullMarked
package dev.strangler.sync.verify.assertj;

import org.jspecify.annotations.NullMarked;
