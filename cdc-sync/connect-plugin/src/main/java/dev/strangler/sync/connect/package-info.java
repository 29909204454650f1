/**
 * cdc-sync's mapping applier as a Kafka Connect sink: Debezium's PostgreSQL source connector captures, this sink
 * applies with the engine's own mapping, applier and target-held offsets.
 */
@NullMarked
package dev.strangler.sync.connect;

import org.jspecify.annotations.NullMarked;
