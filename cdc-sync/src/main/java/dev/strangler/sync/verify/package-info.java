/**
 * The data-sync verifier: proves that both databases of a pipeline agree through its mapping, with counts and
 * checksums per key range computed inside PostgreSQL, bisected down to the rows and columns that differ.
 */
@NullMarked
package dev.strangler.sync.verify;

import org.jspecify.annotations.NullMarked;
