/**
 * Conventions that every app of the kit shares, applied as overridable defaults.
 */
@NullMarked
package dev.strangler.support.defaults;

import org.jspecify.annotations.NullMarked;
