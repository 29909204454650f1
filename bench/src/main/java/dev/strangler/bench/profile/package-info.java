/** Where a bench run's CPU went: flame graphs of its Java Flight Recordings ({@code strangler-bench.jar profile}). */
@NullMarked
package dev.strangler.bench.profile;

import org.jspecify.annotations.NullMarked;
