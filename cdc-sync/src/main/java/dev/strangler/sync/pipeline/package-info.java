/**
 * Sync pipelines: capture wired to an applier in one direction, switched for cutover, with lag and counters; and
 * the resync of one table ({@code TableResync}, with the marks that let a stream pass a truncate it carried across).
 */
@NullMarked
package dev.strangler.sync.pipeline;

import org.jspecify.annotations.NullMarked;
