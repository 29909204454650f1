/**
 * Shadow: copies requests to the service off the client's path and compares its answers with the monolith's.
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.proxy.shadow;
