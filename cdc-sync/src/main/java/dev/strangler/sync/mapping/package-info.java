/**
 * Pipeline definitions read from YAML and the table mappings that turn a captured row into target rows, both ways.
 */
@NullMarked
package dev.strangler.sync.mapping;

import org.jspecify.annotations.NullMarked;
