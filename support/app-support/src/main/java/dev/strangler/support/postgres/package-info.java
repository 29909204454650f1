/**
 * The embedded PostgreSQL default: a real server under {@code $STRANGLER_HOME} when no database URL is configured.
 */
@NullMarked
package dev.strangler.support.postgres;

import org.jspecify.annotations.NullMarked;
