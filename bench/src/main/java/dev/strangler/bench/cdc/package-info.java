/**
 * How fast cdc-sync copies and how far it trails: snapshot, sustained apply and commit-to-visible lag, next to
 * Debezium draining to a no-op consumer, Debezium's JDBC sink connector and PostgreSQL's own logical replication.
 */
@NullMarked
package dev.strangler.bench.cdc;

import org.jspecify.annotations.NullMarked;
