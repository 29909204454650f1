/**
 * A real in-process Kafka broker (KRaft) for integration tests, started once per JVM and shared by every test.
 */
@NullMarked
package dev.strangler.testsupport.kafka;

import org.jspecify.annotations.NullMarked;
