/**
 * The CLI's output layer: the one place that writes to the terminal.
 */
@NullMarked
package dev.strangler.plans.cli.output;

import org.jspecify.annotations.NullMarked;
