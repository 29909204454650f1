/**
 * Change capture with the Debezium embedded engine: a durable pgoutput slot resumed from the position the applier committed.
 */
@NullMarked
package dev.strangler.sync.capture;

import org.jspecify.annotations.NullMarked;
