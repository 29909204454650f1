/**
 * State: keeps each rule's runtime mode durably under {@code $STRANGLER_HOME/proxy/} and switches it atomically.
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.proxy.state;
