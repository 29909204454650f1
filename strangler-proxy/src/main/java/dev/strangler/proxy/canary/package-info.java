/**
 * Canary: splits callers between monolith and service by a stable hash of a caller key and the rule's group.
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.proxy.canary;
