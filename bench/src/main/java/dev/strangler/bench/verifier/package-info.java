/** How fast the verifier proves two databases equal, next to count(*) and a naive fetch-and-compare. */
@NullMarked
package dev.strangler.bench.verifier;

import org.jspecify.annotations.NullMarked;
