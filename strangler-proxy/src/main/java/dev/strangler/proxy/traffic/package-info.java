/**
 * Traffic history: per endpoint rule, how many requests each backend answered, in time buckets over the last 24 hours,
 * so that a window ("the monolith answered nothing in the last day") can be proved.
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.proxy.traffic;
