/**
 * Applies captured changes to a target database in one transaction per batch, together with the source position.
 */
@NullMarked
package dev.strangler.sync.apply;

import org.jspecify.annotations.NullMarked;
