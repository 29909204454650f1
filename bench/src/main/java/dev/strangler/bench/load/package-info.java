/**
 * Load generation that does not hide queueing: an open-loop schedule whose latencies run from each request's
 * intended send time (coordinated omission corrected), and a closed-loop saturation run for maximum throughput.
 */
@NullMarked
package dev.strangler.bench.load;

import org.jspecify.annotations.NullMarked;
