/**
 * What the app prints to the terminal itself, before any logging is set up: its usage for {@code --help}.
 */
@NullMarked
package dev.strangler.sync.cli.output;

import org.jspecify.annotations.NullMarked;
