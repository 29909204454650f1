/**
 * A stack's sync pipelines on a Kafka Connect cluster: the two connector configurations of a pipeline (Debezium's
 * PostgreSQL source and cdc-sync's mapping sink) and their installation through Connect's REST API.
 */
@NullMarked
package dev.strangler.plans.connect;

import org.jspecify.annotations.NullMarked;
