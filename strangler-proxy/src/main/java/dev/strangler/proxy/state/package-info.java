/**
 * State: keeps each rule's runtime mode durably under {@code $STRANGLER_HOME/proxy/} (or in PostgreSQL, shared by
 * several replicas) and switches it atomically.
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.proxy.state;
