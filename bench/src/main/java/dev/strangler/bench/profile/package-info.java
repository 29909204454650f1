/**
 * Where a bench run's CPU went: flame graphs of JFR recordings and of perf's stacks ({@code strangler-bench.jar
 * profile}).
 */
@NullMarked
package dev.strangler.bench.profile;

import org.jspecify.annotations.NullMarked;
