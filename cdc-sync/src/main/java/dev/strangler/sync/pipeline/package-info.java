/**
 * Sync pipelines: capture wired to an applier in one direction, switched for cutover, with lag and counters.
 */
@NullMarked
package dev.strangler.sync.pipeline;

import org.jspecify.annotations.NullMarked;
