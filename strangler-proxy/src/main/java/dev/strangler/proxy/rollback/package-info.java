/**
 * Rollback: watches each rule's service error rate and switches a failing rule back to the monolith.
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.proxy.rollback;
