/**
 * The strangler proxy application: a gateway that decides, per endpoint, whether the monolith or an extracted
 * service answers.
 */
@org.jspecify.annotations.NullMarked
package dev.strangler.proxy;
