/**
 * The Kafka transport: capture publishes each captured table to a topic of its own, appliers consume them as a
 * consumer group and store their offsets in the target database in the same transaction as the rows.
 */
@NullMarked
package dev.strangler.sync.kafka;

import org.jspecify.annotations.NullMarked;
