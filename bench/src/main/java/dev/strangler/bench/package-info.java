/** The benchmark harness that {@code bench/run} starts: runs the chosen benchmarks and writes the report. */
@NullMarked
package dev.strangler.bench;

import org.jspecify.annotations.NullMarked;
